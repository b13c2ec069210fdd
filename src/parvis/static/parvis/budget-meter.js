/* Budgets: the meter of each envelope of a ballot follows the choices as they are made
   (amount, number of projects or points). The server checks the ballot the same way, and the
   ballot works the same without this script. */
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat("fr-FR");

  function show(unit, number) {
    return unit === "euros" ? numbers.format(number) + "\u00a0€" : String(number);
  }

  function weight(input) {
    if (input.type === "number") {
      var points = parseInt(input.value, 10);
      return points > 0 ? points : 0;
    }
    return input.checked ? Number(input.dataset.weight) : 0;
  }

  function update(section) {
    var unit = section.dataset.meter;
    var limit = Number(section.dataset.limit);
    var used = 0;
    section.querySelectorAll("input[data-weight]").forEach(function (input) {
      used += weight(input);
    });
    var template = used > limit ? section.dataset.over : section.dataset.text;
    section.querySelector("meter").value = used;
    section.querySelector(".meter-text").textContent = template
      .replace("{used}", show(unit, used))
      .replace("{limit}", show(unit, limit))
      .replace("{excess}", show(unit, Math.max(used - limit, 0)));
  }

  document.querySelectorAll("fieldset[data-meter]").forEach(function (section) {
    section.addEventListener("change", function () { update(section); });
    section.addEventListener("input", function () { update(section); });
  });
}());
