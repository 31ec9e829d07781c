// Kiosk islands htmx cannot do. Kept small and dependency-free.
(function () {
  "use strict";

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
})();
