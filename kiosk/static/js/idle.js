// Idle reset. After the kiosk's idle time without a touch: "Are you still there?"
// with a countdown and one big Continue; at zero, everything of the visitor is
// cleared and the home screen comes back in the kiosk's language. No timer runs on
// a home screen nobody has touched. Optional calm attract screen after a reset.
(function () {
  "use strict";
  var body = document.body;
  var warning = document.getElementById("idle-warning");
  var screen = document.getElementById("screen");
  if (!warning || !screen || !body.dataset.idleSeconds) return;

  var IDLE_MS = parseInt(body.dataset.idleSeconds, 10) * 1000;
  var WARNING_MS = parseInt(body.dataset.warningSeconds, 10) * 1000;
  var sentences = JSON.parse(warning.dataset.countdown || "{}");
  var continueButton = document.getElementById("idle-continue");
  var sentence = document.getElementById("idle-text");
  var live = document.getElementById("idle-live");
  var number = warning.querySelector(".countdown");
  var touched = false;
  var lastActivity = Date.now();
  var idleTimer = null;
  var tick = null;
  var deadline = 0;
  var returnFocus = null;

  // The home screen in the kiosk's language, untouched since it loaded, is clean:
  // nothing to reset there. Home in another language, or any touch, starts the timer.
  function onCleanHome() {
    return !touched && location.pathname === body.dataset.cleanHome;
  }
  function arm() {
    clearTimeout(idleTimer);
    idleTimer = null;
    if (!warning.hidden || onCleanHome()) return;
    idleTimer = setTimeout(check, Math.max(0, IDLE_MS - (Date.now() - lastActivity)));
  }
  function check() {
    idleTimer = null;
    if (Date.now() - lastActivity >= IDLE_MS) showWarning(); else arm();
  }
  function activity() {
    if (!warning.hidden) return; // only Continue closes the warning
    touched = true;
    lastActivity = Date.now();
    arm();
  }

  function showWarning() {
    returnFocus = document.activeElement;
    deadline = Date.now() + WARNING_MS;
    warning.hidden = false;
    screen.inert = true;
    update();
    tick = setInterval(update, 1000);
    continueButton.focus();
  }
  function update() {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) { reset(); return; }
    number.textContent = String(left);
    sentence.textContent = sentences[left] || "";
    // A screen reader hears it at the start, then at 20, 10 and 5 seconds left.
    var step = left > 20 ? 30 : left > 10 ? 20 : left > 5 ? 10 : 5;
    if (live.dataset.step !== String(step)) {
      live.dataset.step = String(step);
      live.textContent = sentences[left] || "";
    }
  }
  function keep() {
    clearInterval(tick);
    tick = null;
    warning.hidden = true;
    screen.inert = false;
    delete live.dataset.step;
    live.textContent = "";
    touched = true;
    lastActivity = Date.now();
    arm();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus({ preventScroll: true });
  }
  function reset() {
    clearInterval(tick);
    tick = null;
    // Others (speech, large text, contrast) put their own settings back on this event.
    document.dispatchEvent(new CustomEvent("kiosk:reset"));
    var main = screen.querySelector("[data-screen]");
    if (!sessionStorage.getItem("kiosk.result") && window.Kiosk) {
      window.Kiosk.count("reset", main ? main.dataset.need || "" : "");
    }
    try {
      sessionStorage.clear();
      localStorage.removeItem("htmx-history-cache");
      if (body.dataset.attract === "on") sessionStorage.setItem("kiosk.attract", "1");
    } catch (e) { /* storage off: nothing was kept either */ }
    location.replace(body.dataset.homeUrl || "/");
  }

  // A visitor who saw a result did not give up: remember it for the usage figures.
  function noteScreen() {
    var main = screen.querySelector("[data-screen]");
    if (main && main.dataset.screen === "result") sessionStorage.setItem("kiosk.result", "1");
  }

  continueButton.addEventListener("click", keep);
  // A touch anywhere on the warning also means "I am here"; it never reaches the
  // screen below, which is inert while the warning shows.
  warning.addEventListener("click", function (event) { event.preventDefault(); keep(); });
  warning.addEventListener("keydown", function (event) { if (event.key === "Escape") keep(); });
  ["pointerdown", "keydown", "wheel"].forEach(function (type) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  });
  // Islands that keep a visitor busy without touches (speech reading aloud) say so.
  document.addEventListener("kiosk:activity", activity);
  document.addEventListener("htmx:afterSettle", function () { noteScreen(); arm(); });

  // The attract screen: shown after a reset until a touch. The waking touch only
  // wakes: its pointer sequence and click never reach a tile underneath.
  var attract = document.getElementById("attract");
  var swallowUntil = 0;
  function wake() {
    if (!attract || attract.hidden) return;
    attract.hidden = true;
    screen.inert = false;
  }
  if (attract) {
    attract.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      swallowUntil = Date.now() + 800;
    });
    attract.addEventListener("pointerup", function () { setTimeout(wake, 400); });
    attract.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      wake();
    });
    document.addEventListener("click", function (event) {
      if (Date.now() < swallowUntil && !attract.contains(event.target)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }, true);
    if (sessionStorage.getItem("kiosk.attract")) {
      sessionStorage.removeItem("kiosk.attract");
      attract.hidden = false;
      screen.inert = true;
    }
  }

  noteScreen();
  arm();
})();
