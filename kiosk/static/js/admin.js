/* The admin's small islands of JavaScript: the map of a place's or a kiosk's
   position, where a click (or a known address's button) puts the point (without
   Leaflet or tiles, the coordinates written under the map remain); the size check
   of a chosen file (without it, the server's 413 page says what was lost); the
   Print button of a sheet. */
(function () {
  "use strict";

  /* The coordinates typed in the form become `lat, lon`; the "input" event lets
     htmx ask for the preview again, as if they were typed. */
  function setPosition(lat, lon) {
    [["latitude", lat], ["longitude", lon]].forEach(function (pair) {
      var input = document.getElementById(pair[0]);
      if (!input) { return; }
      input.value = Number(pair[1]).toFixed(6);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function drawMap(box) {
    if (!window.L || box.dataset.drawn) { return; }
    box.dataset.drawn = "1";
    var map = L.map(box, { scrollWheelZoom: false, keyboard: true });
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
    if (box.dataset.pick) {
      map.on("click", function (event) { setPosition(event.latlng.lat, event.latlng.lng); });
    }
    if (!box.dataset.lat) {
      map.setView([parseFloat(box.dataset.centerLat), parseFloat(box.dataset.centerLon)],
        parseInt(box.dataset.zoom, 10));
      return;
    }
    var point = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)];
    map.setView(point, 16);
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
    (root || document).querySelectorAll(".map[data-tiles]").forEach(drawMap);
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

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    var known = target && target.closest("[data-set-position]");
    if (known) { setPosition(known.dataset.lat, known.dataset.lon); }
    /* A sheet's Print button (guide/sheet.html): the browser's print dialog. */
    if (target && target.closest("[data-print]")) { window.print(); }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-max-bytes]")) { checkSize(input); }
  });
  window.addEventListener("load", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
