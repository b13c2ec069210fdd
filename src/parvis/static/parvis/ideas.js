/* Parvis, idea boxes: while a title is typed, show the similar ideas already proposed.
 * Without JavaScript, the preview step shows them before publication. Texts come from the
 * page (data-* attributes), so they are translated with it. */
(function () {
  "use strict";

  var DELAY_MS = 350;
  var MIN_LENGTH = 4;

  function setup(region) {
    var input = document.getElementById(region.dataset.input);
    if (!input || !window.fetch) {
      return;
    }
    var timer = null;
    var asked = "";

    function show(ideas) {
      region.textContent = "";
      region.hidden = ideas.length === 0;
      if (!ideas.length) {
        return;
      }
      var heading = document.createElement("p");
      heading.textContent = region.dataset.heading;
      var list = document.createElement("ul");
      ideas.forEach(function (idea) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = idea.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = idea.title;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" (" + idea.status_label + ")"));
        list.appendChild(item);
      });
      region.appendChild(heading);
      region.appendChild(list);
    }

    function lookup() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH) {
        asked = "";
        show([]);
        return;
      }
      if (text === asked) {
        return;
      }
      asked = text;
      fetch(region.dataset.source + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          return response.ok ? response.json() : { ideas: [] };
        })
        .then(function (data) {
          if (asked !== text) {
            return;  // a newer lookup is on its way
          }
          show(data.ideas.filter(function (idea) {
            return String(idea.id) !== region.dataset.exclude;
          }));
        })
        .catch(function () {
          show([]);
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, DELAY_MS);
    });
    lookup();
  }

  document.querySelectorAll("[data-similar-ideas]").forEach(setup);
})();
