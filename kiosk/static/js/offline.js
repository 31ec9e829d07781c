// Network and server trouble: a banner in the visitor's language over the last
// screen, a ping to the health route with growing delays, then the failed screen
// asked once more. Never the browser's error page, never a reload loop.
(function () {
  "use strict";
  var body = document.body;
  var healthUrl = body.dataset.healthUrl || "/healthz";
  var DELAYS = [1000, 2000, 3000, 5000, 8000, 10000]; // then every 10 s
  var attempt = 0;
  var probing = null;
  var onBack = function () {};

  function ping() {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 5000);
    return fetch(healthUrl + "?t=" + Date.now(), { cache: "no-store", signal: controller.signal })
      .then(function (response) { return response.ok; }, function () { return false; })
      .then(function (ok) { clearTimeout(timer); return ok; });
  }
  function probe() {
    if (probing) return;
    var delay = DELAYS[Math.min(attempt, DELAYS.length - 1)];
    attempt += 1;
    probing = setTimeout(function () {
      ping().then(function (ok) {
        probing = null;
        if (ok) { attempt = 0; onBack(); } else { probe(); }
      });
    }, delay);
  }
  function probeNow() {
    clearTimeout(probing);
    probing = null;
    attempt = 0;
    probe();
  }

  // The page the service worker shows when a screen could not load: the message in
  // the language of that URL, and the URL loaded again once the server answers.
  // Each reload of this page waits longer (sessionStorage), so no loop is possible.
  if (body.dataset.offlinePage) {
    var code = location.pathname.split("/")[1];
    var lines = Array.prototype.slice.call(document.querySelectorAll("[data-language]"));
    if (!lines.some(function (l) { return l.dataset.language === code; })) {
      code = body.dataset.defaultLanguage;
    }
    lines.forEach(function (line) {
      line.hidden = line.dataset.language !== code;
      if (!line.hidden) {
        document.documentElement.lang = code;
        document.documentElement.dir = line.dir;
      }
    });
    var reloads = parseInt(sessionStorage.getItem("kiosk.offlineReloads") || "0", 10);
    attempt = reloads;
    onBack = function () {
      sessionStorage.setItem("kiosk.offlineReloads", String(reloads + 1));
      location.reload();
    };
    probe();
    return;
  }

  sessionStorage.removeItem("kiosk.offlineReloads");
  if ("serviceWorker" in navigator && body.dataset.serviceWorker) {
    navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: "/" })
      .catch(function () {});
  }

  var banner = document.getElementById("offline-banner");
  var troubled = false;
  var pending = null; // the screen to ask again: {url, full}

  function trouble(next) {
    if (next) pending = next;
    if (!troubled) {
      troubled = true;
      if (banner) banner.hidden = false;
      body.classList.add("reconnecting");
    }
    probe();
  }
  onBack = function () {
    troubled = false;
    if (banner) banner.hidden = true;
    body.classList.remove("reconnecting");
    var next = pending;
    pending = null;
    if (!next) return;
    if (next.full) { location.assign(next.url); return; }
    htmx.ajax("GET", next.url, {
      source: body, target: "#screen", swap: "innerHTML show:none", push: next.url
    });
  };

  function screenRequest(detail) {
    if (!detail.target || detail.target.id !== "screen") return null; // not a screen
    var verb = detail.requestConfig && detail.requestConfig.verb;
    var path = detail.pathInfo && (detail.pathInfo.finalRequestPath || detail.pathInfo.requestPath);
    // Only a GET is asked again by itself: a POST (print) waits for the visitor.
    return verb === "get" && path ? { url: path, full: false } : null;
  }
  function failed(event) { trouble(screenRequest(event.detail)); }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  // A 5xx that is not one of our kiosk error screens comes from a proxy (server
  // down behind it): never swap its page in, treat it as lost network.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 500 && !xhr.getResponseHeader("X-Kiosk-Error")) {
      event.detail.shouldSwap = false;
      failed(event);
    }
  });
  // While reconnecting, a plain link (a language) is remembered instead of leaving
  // the screen for a page that cannot load.
  document.addEventListener("click", function (event) {
    if (!troubled) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.hasAttribute("hx-get")) return;
    event.preventDefault();
    trouble({ url: link.href, full: true });
  });
  // Our own "one moment" screen (the database was locked or down) names the screen
  // it stands for: ask for that screen again, waiting longer each time, until it
  // comes. No banner (the screen already says it) and no reload.
  var retryAttempt = 0;
  var retrying = null;
  function retryScreen() {
    var waiting = document.querySelector("#screen [data-retry-url]");
    clearTimeout(retrying);
    if (!waiting) { retryAttempt = 0; return; }
    var delay = DELAYS[Math.min(retryAttempt, DELAYS.length - 1)];
    retryAttempt += 1;
    retrying = setTimeout(function () {
      htmx.ajax("GET", waiting.dataset.retryUrl, {
        source: body, target: "#screen", swap: "innerHTML"
      });
    }, delay);
  }
  document.addEventListener("htmx:afterSettle", retryScreen);
  retryScreen();
  window.addEventListener("offline", function () { trouble(null); });
  window.addEventListener("online", function () { if (troubled) probeNow(); });
})();
