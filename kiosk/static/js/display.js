// Display modes of one visit: larger text and high contrast.
//
// A mode is a class on <html> ("large-text", "high-contrast"), kept in sessionStorage
// so it survives htmx swaps and full-page language switches, and never sent to the
// server. It ends with the visit: on the `kiosk:reset` event (dispatched on document
// by the idle reset before it goes home) every mode is turned off and forgotten.
//
// Loaded in <head> without `defer`, so the class is on <html> before the first paint.
(function () {
  "use strict";

  var MODES = ["large-text", "high-contrast"];
  var PREFIX = "kiosk.display.";
  var root = document.documentElement;

  function stored(mode) {
    try { return sessionStorage.getItem(PREFIX + mode) === "on"; } catch (e) { return false; }
  }

  function store(mode, on) {
    try {
      if (on) sessionStorage.setItem(PREFIX + mode, "on");
      else sessionStorage.removeItem(PREFIX + mode);
    } catch (e) { /* storage refused: the mode still works on this page */ }
  }

  function syncButtons() {
    var buttons = document.querySelectorAll("[data-display-mode]");
    for (var i = 0; i < buttons.length; i++) {
      var mode = buttons[i].getAttribute("data-display-mode");
      var pressed = String(root.classList.contains(mode));
      if (buttons[i].getAttribute("aria-pressed") !== pressed) buttons[i].setAttribute("aria-pressed", pressed);
    }
  }

  function set(mode, on) {
    root.classList.toggle(mode, on);
    store(mode, on);
    syncButtons();
  }

  MODES.forEach(function (mode) { root.classList.toggle(mode, stored(mode)); });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-display-mode]");
    if (!button) return;
    var mode = button.getAttribute("data-display-mode");
    if (MODES.indexOf(mode) !== -1) set(mode, !root.classList.contains(mode));
  });

  document.addEventListener("DOMContentLoaded", syncButtons);
  document.addEventListener("htmx:afterSwap", syncButtons);
  document.addEventListener("kiosk:reset", function () {
    MODES.forEach(function (mode) { set(mode, false); });
  });
})();
