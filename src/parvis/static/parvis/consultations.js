/* Consultations: show conditional questions only when their condition is met, and fill a
   map point from the device's position. The form works the same without this script. */
(function () {
  "use strict";
  var form = document.querySelector(".consultation-form");
  if (!form) { return; }

  function answerTokens(name) {
    var tokens = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { tokens.push(input.dataset.token); }
      } else if (input.value) {
        tokens.push(input.value);
      }
    });
    form.querySelectorAll("select[name^='" + name + "_']").forEach(function (select) {
      if (select.value === "1") { tokens.push(select.dataset.token); }
    });
    return tokens;
  }

  function update() {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var source = document.getElementById(block.dataset.showIf);
      var values = JSON.parse(block.dataset.showValues);
      var shown = source && !source.hidden && answerTokens(block.dataset.showIf).some(
        function (token) { return values.indexOf(token) !== -1; });
      block.hidden = !shown;
      var note = block.querySelector(".condition");
      if (note) { note.hidden = true; }
    });
  }

  form.addEventListener("change", update);
  update();

  if (navigator.geolocation) {
    form.querySelectorAll(".locate").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          document.getElementById(button.dataset.lat).value = position.coords.latitude.toFixed(5);
          document.getElementById(button.dataset.lon).value = position.coords.longitude.toFixed(5);
        });
      });
    });
  }
}());
