/* Parvis, issue reports: optional enhancements of pages that work without JavaScript.
 * - "Utiliser ma position" fills the latitude and longitude fields;
 * - only the extra questions of the chosen category are shown;
 * - a map (Leaflet, loaded only when asked for) to pick a point or browse reports.
 * Texts come from the page (data-* attributes), so they are translated with it. */
(function () {
  "use strict";

  var METROPOLIS_CENTRE = [44.8378, -0.5792];
  var leaflet = null;

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

  function loadLeaflet(block) {
    if (!leaflet) {
      leaflet = new Promise(function (resolve, reject) {
        var stylesheet = document.createElement("link");
        stylesheet.rel = "stylesheet";
        stylesheet.href = block.dataset.stylesheet;
        document.head.appendChild(stylesheet);
        var script = document.createElement("script");
        script.src = block.dataset.script;
        script.onload = function () { resolve(window.L); };
        script.onerror = function () { leaflet = null; reject(); };
        document.head.appendChild(script);
      });
    }
    return leaflet;
  }

  function pickPoint(L, map, block, status) {
    var latitude = document.getElementById(block.dataset.latitude);
    var longitude = document.getElementById(block.dataset.longitude);
    var marker = null;
    function showPoint() {
      var point = [parseFloat(latitude.value), parseFloat(longitude.value)];
      if (isNaN(point[0]) || isNaN(point[1])) {
        return;
      }
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.circleMarker(point, { radius: 10 }).addTo(map);
      }
    }
    showPoint();
    if (marker) {
      map.setView(marker.getLatLng(), 17);
    }
    latitude.addEventListener("change", showPoint);
    longitude.addEventListener("change", showPoint);
    map.on("click", function (event) {
      setPoint(latitude, longitude, event.latlng.lat, event.latlng.lng);
      say(status, block.dataset.picked);
    });
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    var details = document.createElement("p");
    details.textContent = properties.category + " · " + properties.status_label;
    box.append(link, details);
    return box;
  }

  function clamp(value, limit) {
    return Math.max(-limit, Math.min(limit, value)).toFixed(5);
  }

  function showReports(L, map, block, status) {
    var layer = L.layerGroup().addTo(map);
    var pending = null;
    function refresh() {
      var bounds = map.getBounds();
      var bbox = [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90),
                  clamp(bounds.getEast(), 180), clamp(bounds.getNorth(), 90)].join(",");
      var source = block.dataset.source;
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch(source + (source.indexOf("?") === -1 ? "?" : "&") + "bbox=" + bbox,
            { signal: pending.signal })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.statusText);
          }
          return response.json();
        })
        .then(function (collection) {
          layer.clearLayers();
          collection.features.forEach(function (feature) {
            var position = feature.geometry.coordinates;
            L.circleMarker([position[1], position[0]], { radius: 7 })
              .bindPopup(popup(feature.properties))
              .addTo(layer);
          });
          say(status, collection.truncated ? block.dataset.truncated : "");
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            say(status, block.dataset.failed);
          }
        });
    }
    map.on("moveend", refresh);
    refresh();
  }

  function setupMap(block) {
    var button = block.querySelector("[data-map-open]");
    var canvas = block.querySelector("[data-map-canvas]");
    var status = block.querySelector("[data-map-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      say(status, block.dataset.loading);
      loadLeaflet(block).then(
        function (L) {
          button.hidden = true;
          canvas.hidden = false;
          say(status, "");
          var map = L.map(canvas).setView(METROPOLIS_CENTRE, block.dataset.map === "pick" ? 13 : 11);
          L.tileLayer(block.dataset.tiles, {
            attribution: block.dataset.attribution,
            maxZoom: 19,
          }).addTo(map);
          (block.dataset.map === "pick" ? pickPoint : showReports)(L, map, block, status);
        },
        function () {
          button.disabled = false;
          say(status, block.dataset.failed);
        }
      );
    });
  }

  document.querySelectorAll("[data-geolocate]").forEach(setupGeolocation);
  document.querySelectorAll("[data-map]").forEach(setupMap);
  var category = document.querySelector(".report-form select[name=category]");
  if (category) {
    setupCategoryQuestions(category);
  }
})();
