/* Parvis, issue reports: optional enhancements of pages that work without JavaScript.
 * - "Utiliser ma position" fills the latitude and longitude fields;
 * - only the extra questions of the chosen category are shown.
 * The map is the site's map component (map.js).
 * Texts come from the page (data-* attributes), so they are translated with it. */
(function () {
  "use strict";

  function say(element, text) {
    if (element) {
      element.textContent = text || "";
    }
  }

  function setPoint(latitude, longitude, lat, lng) {
    latitude.value = lat.toFixed(6);
    longitude.value = lng.toFixed(6);
    latitude.dispatchEvent(new Event("change"));
  }

  function setupGeolocation(button) {
    if (!("geolocation" in navigator)) {
      return;
    }
    var latitude = document.getElementById(button.dataset.latitude);
    var longitude = document.getElementById(button.dataset.longitude);
    var status = document.querySelector("[data-geolocate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      say(status, button.dataset.waiting);
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setPoint(latitude, longitude, position.coords.latitude, position.coords.longitude);
          say(status, button.dataset.done);
        },
        function () {
          say(status, button.dataset.failed);
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });
  }

  function setupCategoryQuestions(select) {
    var groups = document.querySelectorAll("[data-applies-to]");
    function update() {
      groups.forEach(function (group) {
        group.hidden = group.dataset.appliesTo.split(" ").indexOf(select.value) === -1;
      });
    }
    select.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-geolocate]").forEach(setupGeolocation);
  var category = document.querySelector(".report-form select[name=category]");
  if (category) {
    setupCategoryQuestions(category);
  }
})();
