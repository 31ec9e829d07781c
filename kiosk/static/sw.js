// Aiguillage's service worker, served at /sw.js (scope: the whole site).
// It keeps the kiosk's shell -- CSS, scripts, fonts and the "reconnecting" page --
// so that a lost network or a restarting server shows a calm page in the visitor's
// language that comes back by itself, never the browser's error page.
// It never stores a kiosk screen (screens hold a visitor's journey: they always come
// from the server) and never touches /admin.
"use strict";

var CACHE = "aiguillage-shell-v2";
var OFFLINE_URL = "/offline";
var SHELL = [
  OFFLINE_URL,
  "/static/css/fonts.css",
  "/static/css/kiosk.css",
  "/static/js/kiosk.js",
  "/static/js/offline.js",
  "/static/js/idle.js",
  "/static/js/heartbeat.js",
  "/static/js/display.js",
  "/static/js/speech.js",
  "/static/js/map.js",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/fonts/atkinson-hyperlegible-next-latin-400.woff2",
  "/static/fonts/atkinson-hyperlegible-next-latin-700.woff2",
  "/static/fonts/atkinson-hyperlegible-next-latin-ext-400.woff2",
  "/static/fonts/atkinson-hyperlegible-next-latin-ext-700.woff2",
  "/static/fonts/noto-sans-arabic-arabic-400.woff2",
  "/static/fonts/noto-sans-arabic-arabic-700.woff2",
  "/static/fonts/noto-sans-cyrillic-400.woff2",
  "/static/fonts/noto-sans-cyrillic-700.woff2",
  "/static/fonts/noto-sans-cyrillic-ext-400.woff2",
  "/static/fonts/noto-sans-cyrillic-ext-700.woff2"
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) {
        return cache.addAll(SHELL.map(function (url) { return new Request(url, { cache: "reload" }); }));
      })
      .then(function () { return self.skipWaiting(); })
  );
});

// No clients.claim(): a page loaded before the worker existed stays uncontrolled until
// its next full load (a language switch, the idle reset). Claiming it mid-visit made
// Chromium fetch again, through the worker, every picture that page had already shown
// (its memory cache is not reused across the change of controller): the first tap
// back home cost twice a warm one. Navigations are caught by the registered worker
// either way, so the offline page still comes; skipWaiting() still moves pages that
// an older worker controls to this one.
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          return key.indexOf("aiguillage-") === 0 && key !== CACHE;
        }).map(function (key) { return caches.delete(key); }));
      })
  );
});

// A 5xx that is not one of our kiosk error pages comes from a proxy whose server is
// down: it is treated like a lost network.
function serverDown(response) {
  return response.status >= 500 && !response.headers.get("X-Kiosk-Error");
}

function offlinePage() {
  return caches.match(OFFLINE_URL).then(function (page) { return page || Response.error(); });
}

// Screens: always from the server (network only); the offline page when it fails.
function screen(request) {
  return fetch(request)
    .then(function (response) { return serverDown(response) ? offlinePage() : response; })
    .catch(offlinePage);
}

// Static files: from the server while it answers (so never stale), from the cache
// when it does not.
function asset(request) {
  return fetch(request)
    .then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    })
    .catch(function () {
      return caches.match(request).then(function (cached) { return cached || Response.error(); });
    });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/admin") === 0) return;
  if (request.mode === "navigate") {
    event.respondWith(screen(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  }
});
