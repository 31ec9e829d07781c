// The result screen's map. The server draws an offline sketch in the map area;
// this island replaces it with a Leaflet map only once map tiles really load, so
// a kiosk without internet never shows a grey box. The map is a picture: no
// dragging, no zooming, no gestures; it frames "you are here" and the place.
(function () {
  "use strict";

  var PROBE_ZOOM = 16;
  var MAX_ZOOM = 17;
  // Pages send no referrer to other sites (Referrer-Policy: same-origin); tile
  // servers get the kiosk server's origin only, which OpenStreetMap's policy asks for.
  var TILE_REFERRER = "strict-origin";

  function point(text) {
    var parts = String(text || "").split(",");
    return [parseFloat(parts[0]), parseFloat(parts[1])];
  }

  function tileUrl(template, latlng, zoom) {
    var n = Math.pow(2, zoom);
    var lat = latlng[0] * Math.PI / 180;
    var x = Math.floor((latlng[1] + 180) / 360 * n);
    var y = Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
    return template.replace("{s}", "a").replace("{r}", "").replace("{z}", zoom)
      .replace("{x}", x).replace("{y}", y);
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function loadLeaflet(figure, ready) {
    if (window.L) { ready(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = figure.getAttribute("data-leaflet-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = figure.getAttribute("data-leaflet-js");
    script.onload = ready;
    document.head.appendChild(script);
  }

  function marker(kind, latlng, label) {
    var icon = window.L.divIcon({
      className: "map-marker map-" + kind, html: "<span></span>",
      iconSize: [56, 56], iconAnchor: [28, 28]
    });
    var text = document.createElement("span");
    text.className = "map-label";
    text.dir = "auto";
    text.textContent = label;
    return window.L.marker(latlng, { icon: icon, keyboard: false, interactive: false })
      .bindTooltip(text, { permanent: true, direction: "bottom", offset: [0, 24] });
  }

  function build(figure, you, place) {
    var L = window.L;
    var map = L.map(figure.querySelector(".map-live"), {
      dragging: false, touchZoom: false, doubleClickZoom: false, scrollWheelZoom: false,
      boxZoom: false, keyboard: false, zoomControl: false, tap: false,
      attributionControl: false
    });
    L.control.attribution({ prefix: false }).addTo(map);
    var loaded = false;
    var tiles = L.tileLayer(figure.getAttribute("data-tiles"), {
      attribution: escapeHtml(figure.getAttribute("data-attribution") || ""),
      maxZoom: 19,
      referrerPolicy: TILE_REFERRER
    });
    tiles.on("load", function () {
      if (figure.getAttribute("data-map-state") === "offline") return;
      loaded = true;
      figure.setAttribute("data-map-state", "live");
    });
    tiles.on("tileerror", function () {
      if (loaded) return;
      figure.setAttribute("data-map-state", "offline");
      map.remove();
    });
    marker("you", you, figure.getAttribute("data-you-label")).addTo(map);
    marker("place", place, figure.getAttribute("data-place-label")).addTo(map);
    if (map.distance(you, place) < 30) {
      map.setView(place, MAX_ZOOM);
    } else {
      // Wide side padding: the labels under the markers must fit too.
      map.fitBounds([you, place], {
        paddingTopLeft: [150, 80], paddingBottomRight: [150, 120], maxZoom: MAX_ZOOM
      });
    }
    tiles.addTo(map);
  }

  function upgrade(figure) {
    if (figure.hasAttribute("data-map-state")) return;
    figure.setAttribute("data-map-state", "sketch");
    var you = point(figure.getAttribute("data-you"));
    var place = point(figure.getAttribute("data-place"));
    var probe = new Image();
    probe.referrerPolicy = TILE_REFERRER;
    probe.onload = function () {
      if (!figure.isConnected) return;
      loadLeaflet(figure, function () { build(figure, you, place); });
    };
    probe.onerror = function () { figure.setAttribute("data-map-state", "offline"); };
    probe.src = tileUrl(figure.getAttribute("data-tiles"), you, PROBE_ZOOM);
  }

  function scan(root) {
    if (root.matches && root.matches("[data-map]")) upgrade(root);
    var figures = root.querySelectorAll("[data-map]");
    Array.prototype.forEach.call(figures, upgrade);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
