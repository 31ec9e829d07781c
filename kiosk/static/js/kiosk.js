// Kiosk islands htmx cannot do. Kept small and dependency-free.
(function () {
  "use strict";
  var body = document.body;
  function element(node) { return node && node.nodeType === 1 ? node : node && node.parentElement; }

  // Tremor: a tap within 500 ms of the last accepted one is ignored, even when the
  // screen has changed under the finger in between.
  // Browser tests that tap faster than any person set window.KIOSK_REPEAT_MS first.
  var REPEAT_MS = typeof window.KIOSK_REPEAT_MS === "number" ? window.KIOSK_REPEAT_MS : 500;
  var lastTap = 0;
  document.addEventListener("click", function (event) {
    if (!event.target.closest("a, button")) return;
    var now = Date.now();
    if (now - lastTap < REPEAT_MS) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    lastTap = now;
  }, true);

  // A tap's screen is asked for when the finger touches its link, ~100 ms before it
  // lifts: the server lets the browser keep that answer a few seconds (X-Kiosk-Press,
  // kiosk/htmx.py), and htmx's request at the click reads it from the browser's cache.
  // The screen still changes at the click only: a finger that slides off changes nothing.
  document.addEventListener("pointerdown", function (event) {
    if (!event.isPrimary || event.button !== 0 || !window.fetch) return;
    var link = element(event.target) && element(event.target).closest("a[hx-get]");
    if (!link) return;
    fetch(link.getAttribute("hx-get"), {
      credentials: "same-origin", headers: { "HX-Request": "true", "X-Kiosk-Press": "1" }
    }).catch(function () {});
  }, { capture: true, passive: true });

  // The tablet's first tap should not pay for compiling htmx's tap, request and swap
  // code (~100 ms at 4× CPU slowdown): once the page has loaded, a hidden element of
  // its own is clicked, and htmx swaps the health check into it. (offline.js asks
  // again only what was meant for the screen: a failed warm-up is not a screen.)
  window.addEventListener("load", function () {
    var url = body.dataset.healthUrl;
    if (!url || !window.htmx) return;
    setTimeout(function () {
      var box = document.createElement("span");
      box.hidden = true;
      box.setAttribute("hx-get", url);
      box.setAttribute("hx-target", "this");
      box.setAttribute("hx-push-url", "false");
      box.addEventListener("htmx:afterRequest", function () { // answered or not
        box.remove();
        rehearse();
      });
      body.appendChild(box);
      htmx.process(box);
      box.click();
    }, 0);
  });

  // The first visitor's taps should not pay either for the first style, font and
  // layout work of each kind of screen (~100 ms a tap at 4× CPU slowdown): the
  // screens a few taps from home are laid out once, hidden, and removed in the same
  // task (no frame, no script, no test ever sees them).
  function rehearse() {
    var url = body.dataset.rehearsalUrl;
    if (!url || !window.fetch) return;
    fetch(url, { credentials: "same-origin" }).then(function (answer) {
      return answer.ok ? answer.text() : "";
    }).then(function (html) {
      var screen = document.getElementById("screen");
      if (!html || !screen) return;
      var stage = document.createElement("div");
      stage.className = "rehearsal";
      stage.setAttribute("aria-hidden", "true");
      stage.innerHTML = html;
      screen.parentNode.insertBefore(stage, screen);
      void stage.offsetHeight; // laid out now
      stage.remove();
    }).catch(function () {});
  }

  // Lockdown: no context menu, no selecting or dragging outside form fields, no
  // pinch or ctrl-zoom (large text replaces zoom), no link that leaves the kiosk.
  function inField(node) {
    var el = element(node);
    return !!(el && el.closest("input, textarea, select, [contenteditable]"));
  }
  function stop(event) { event.preventDefault(); }
  document.addEventListener("contextmenu", stop);
  document.addEventListener("dragstart", stop);
  document.addEventListener("gesturestart", stop);
  document.addEventListener("selectstart", function (event) {
    if (!inField(event.target)) event.preventDefault();
  });
  document.addEventListener("wheel", function (event) {
    if (event.ctrlKey) event.preventDefault();
  }, { passive: false });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && "+-=0".indexOf(event.key) >= 0) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var link = element(event.target) && element(event.target).closest("a[href]");
    if (!link) return;
    var elsewhere = link.target && link.target !== "_self";
    if (new URL(link.href, location.href).origin !== location.origin || elsewhere) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Requests of our own islands carry the CSRF token htmx sends (hx-headers on body).
  function headers() {
    try { return JSON.parse(body.getAttribute("hx-headers") || "{}"); } catch (e) { return {}; }
  }
  function setCsrfToken(token) {
    var all = headers();
    all["X-CSRFToken"] = token;
    body.setAttribute("hx-headers", JSON.stringify(all));
  }
  function post(url, data, keepalive) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": headers()["X-CSRFToken"] || "" },
      body: JSON.stringify(data)
    });
  }
  // A usage figure only the tablet sees ("listen", "reset"; the server counts QR codes): a number, nothing personal.
  function count(kind, need) {
    if (!body.dataset.eventUrl) return;
    var data = { kind: kind, need: need || "", language: document.documentElement.lang };
    post(body.dataset.eventUrl, data, true).catch(function () {});
  }
  window.Kiosk = { post: post, count: count, setCsrfToken: setCsrfToken };
})();
