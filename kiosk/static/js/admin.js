/* The admin's small islands of JavaScript: the map of a place's position (without
   Leaflet or tiles, the coordinates written under the map remain), and the size
   check of a chosen file (without it, the server's 413 page says what was lost). */
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

  /* A file over the input's data-max-bytes is refused as soon as it is chosen, with
     the server's own sentence (data-too-large) in its field: sent, the whole form
     would be refused unread, and what was typed in the other fields lost. The input
     is emptied so the rest of the form can still be saved. */
  function checkSize(input) {
    var id = input.id + "-error";
    var message = document.getElementById(id);
    var file = input.files && input.files[0];
    var others = (input.getAttribute("aria-describedby") || "").split(" ")
      .filter(function (token) { return token && token !== id; });
    var field = input.closest(".field");
    if (message) { message.remove(); }
    input.removeAttribute("aria-invalid");
    if (field) { field.classList.remove("invalid"); }
    if (file && file.size > parseInt(input.dataset.maxBytes, 10)) {
      input.value = "";
      message = document.createElement("p");
      message.className = "error";
      message.id = id;
      message.setAttribute("role", "alert");
      message.textContent = input.dataset.tooLarge;
      input.parentNode.insertBefore(message, input);
      others.push(id);
      input.setAttribute("aria-invalid", "true");
      if (field) { field.classList.add("invalid"); }
    }
    if (others.length) {
      input.setAttribute("aria-describedby", others.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  /* A sheet's Print button (guide/sheet.html): the browser's print dialog. */
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-max-bytes]")) { checkSize(input); }
  });
  window.addEventListener("load", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
