/* The admin's one island of JavaScript: the small map of a place's position.
   Without Leaflet or tiles, the coordinates written under the map remain. */
(function () {
  "use strict";

  function drawMap(box) {
    if (!window.L || box.dataset.drawn) { return; }
    box.dataset.drawn = "1";
    var point = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)];
    var map = L.map(box, { scrollWheelZoom: false, keyboard: true }).setView(point, 16);
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
    var bounds = [point];
    if (box.dataset.oldLat) {
      var old = [parseFloat(box.dataset.oldLat), parseFloat(box.dataset.oldLon)];
      L.circleMarker(old, { radius: 8, color: "#555", fillColor: "#bbb", fillOpacity: 0.9 })
        .addTo(map).bindTooltip(box.dataset.labelOld);
      bounds.push(old);
    }
    L.circleMarker(point, { radius: 10, color: "#0b5394", fillColor: "#0b5394", fillOpacity: 0.9 })
      .addTo(map).bindTooltip(box.dataset.labelNew);
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 }); }
  }

  function drawAll(root) {
    (root || document).querySelectorAll(".map[data-lat]").forEach(drawMap);
  }

  window.addEventListener("load", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
