/* Parvis, the map component (core/map.html): optional enhancements of pages that work
 * without JavaScript.
 * - the base map (SVG, drawn by the site): clicking it, or the arrow keys, place the point
 *   in the form's latitude and longitude fields, and the nearest known address fills the
 *   address field;
 * - typing an address proposes the known ones (a datalist); choosing one places the point;
 * - with a tile server configured, a detailed map (Leaflet, loaded only when asked for).
 * Addresses come from the site itself (/adresses/): nothing typed leaves the site.
 * Texts come from the page (data-* attributes), so they are translated with it. */
(function () {
  "use strict";

  var METROPOLIS_CENTRE = [44.8378, -0.5792];
  var KEY_STEP = 4; // SVG units (200 m) per arrow key press
  var leaflet = null;

  function say(element, text) {
    if (element) {
      element.textContent = text || "";
    }
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      return response.json();
    });
  }

  function byId(block, name) {
    return block.dataset[name] ? document.getElementById(block.dataset[name]) : null;
  }

  function fields(block) {
    return {
      latitude: byId(block, "latitude"),
      longitude: byId(block, "longitude"),
      address: byId(block, "address"),
      commune: byId(block, "commune"),
    };
  }

  function setPoint(form, lat, lng) {
    form.latitude.value = lat.toFixed(6);
    form.longitude.value = lng.toFixed(6);
    form.latitude.dispatchEvent(new Event("change"));
  }

  function setCommune(form, slug) {
    if (form.commune && !form.commune.value && slug) {
      form.commune.value = slug;
    }
  }

  function setupBaseMap(block, form, status) {
    var svg = block.querySelector("[data-map-svg]");
    var marker = block.querySelector("[data-map-point]");
    var west = parseFloat(block.dataset.west), north = parseFloat(block.dataset.north);
    var xScale = parseFloat(block.dataset.xScale), yScale = parseFloat(block.dataset.yScale);
    var pending = null;

    function showPoint() {
      var lat = parseFloat(form.latitude.value), lng = parseFloat(form.longitude.value);
      if (isNaN(lat) || isNaN(lng)) {
        marker.setAttribute("visibility", "hidden");
        return;
      }
      marker.setAttribute("cx", ((lng - west) * xScale).toFixed(1));
      marker.setAttribute("cy", ((north - lat) * yScale).toFixed(1));
      marker.setAttribute("visibility", "visible");
    }

    function fillAddress() {
      if (!form.address) {
        return;
      }
      clearTimeout(pending);
      pending = setTimeout(function () {
        getJSON(block.dataset.reverse + "?lat=" + form.latitude.value + "&lon=" + form.longitude.value)
          .then(function (place) {
            form.address.value = place.label;
            setCommune(form, place.commune);
          })
          .catch(function () {});
      }, 400);
    }

    function placeAt(x, y) {
      setPoint(form, north - y / yScale, west + x / xScale);
      say(status, block.dataset.picked);
      fillAddress();
    }

    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      point = point.matrixTransform(svg.getScreenCTM().inverse());
      placeAt(point.x, point.y);
    });
    svg.setAttribute("tabindex", "0");
    svg.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      var move = moves[event.key];
      if (!move) {
        return;
      }
      event.preventDefault();
      var box = svg.viewBox.baseVal;
      var hidden = marker.getAttribute("visibility") === "hidden";
      var x = hidden ? box.width / 2 : parseFloat(marker.getAttribute("cx"));
      var y = hidden ? box.height / 2 : parseFloat(marker.getAttribute("cy"));
      placeAt(x + move[0] * KEY_STEP, y + move[1] * KEY_STEP);
    });
    form.latitude.addEventListener("change", showPoint);
    form.longitude.addEventListener("change", showPoint);
  }

  function setupCompletion(block, form) {
    var list = block.querySelector("[data-map-addresses]");
    var found = {};
    var pending = null;
    form.address.setAttribute("list", list.id);
    form.address.setAttribute("autocomplete", "off");
    form.address.addEventListener("input", function () {
      var text = form.address.value.trim();
      var place = found[form.address.value];
      if (place) {
        setPoint(form, place.latitude, place.longitude);
        setCommune(form, place.commune);
        return;
      }
      clearTimeout(pending);
      if (text.length < 3) {
        return;
      }
      pending = setTimeout(function () {
        getJSON(block.dataset.complete + "?q=" + encodeURIComponent(text))
          .then(function (answer) {
            found = {};
            list.replaceChildren.apply(list, answer.results.map(function (result) {
              found[result.label] = result;
              var option = document.createElement("option");
              option.value = result.label;
              return option;
            }));
          })
          .catch(function () {});
      }, 250);
    });
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

  function pickOnTiles(L, map, form) {
    var marker = null;
    function showPoint() {
      var point = [parseFloat(form.latitude.value), parseFloat(form.longitude.value)];
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
    form.latitude.addEventListener("change", showPoint);
    map.on("click", function (event) {
      setPoint(form, event.latlng.lat, event.latlng.lng);
    });
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    box.append(link);
    if (properties.category) {
      var details = document.createElement("p");
      details.textContent = properties.category + " · " + properties.status_label;
      box.append(details);
    }
    return box;
  }

  function clamp(value, limit) {
    return Math.max(-limit, Math.min(limit, value)).toFixed(5);
  }

  function showOnTiles(L, map, block, status) {
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

  function setupTiles(block, form, status) {
    var button = block.querySelector("[data-map-open]");
    var canvas = block.querySelector("[data-map-canvas]");
    if (block.dataset.map !== "pick" && !block.dataset.source) {
      return;
    }
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
          if (block.dataset.map === "pick") {
            pickOnTiles(L, map, form);
          } else {
            showOnTiles(L, map, block, status);
          }
        },
        function () {
          button.disabled = false;
          say(status, block.dataset.failed);
        }
      );
    });
  }

  function setup(block) {
    if (block.dataset.ready) {
      return;
    }
    block.dataset.ready = "1";
    var status = block.querySelector("[data-map-status]");
    var form = fields(block);
    if (block.dataset.map === "pick" && form.latitude && form.longitude) {
      setupBaseMap(block, form, status);
      if (form.address) {
        setupCompletion(block, form);
      }
    }
    if (block.dataset.tiles) {
      setupTiles(block, form, status);
    }
  }

  document.querySelectorAll(".map-block").forEach(setup);
})();
