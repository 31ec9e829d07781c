// The Listen button: reads the screen aloud in the screen's language.
//
// The text is the screen's own, prepared by the server in <template id="speech-script">
// (one <p> a sentence, in on-screen order; a <p lang> for a sentence in another
// language, such as French shown through on an Arabic screen). Two ways to say it:
//   1. the browser's speechSynthesis, when it has a voice for the screen's language
//      (each <p lang> sentence in a voice for its own language when there is one);
//   2. otherwise the server's audio of the same screen (espeak-ng), whose URL is on
//      the screen's script (data-audio), played in an <audio> element.
// If the browser voice does not start, the server audio is tried; if that fails too,
// the panel says so. The button never does nothing silently.
//
// Volume: 5 steps, default 3, kept for the visit in sessionStorage. The `kiosk:reset`
// event (dispatched on document by the idle reset) stops speech and restores the
// default volume (EN 301 549 5.1.3.13). The panel's data-speech-state and
// data-speech-path attributes say what happens (tests read them).
(function () {
  "use strict";

  var STEPS = [0.2, 0.4, 0.6, 0.8, 1.0];
  var DEFAULT_STEP = 3; // 1-based: 0.6
  var VOLUME_KEY = "kiosk.speech.volume";
  var START_TIMEOUT_MS = 3000; // a browser voice that has not started by then never will
  var LOAD_TIMEOUT_MS = 30000; // the server's audio of a long screen takes a few seconds
  var RATE = 0.9; // a little slower than usual, for older listeners

  var voices = [];
  var run = 0; // each reading has a number; events of older readings are ignored
  var audio = null;
  var watchdog = null;

  function loadVoices() {
    if (!("speechSynthesis" in window)) return;
    try { voices = window.speechSynthesis.getVoices() || []; } catch (e) { voices = []; }
  }
  if ("speechSynthesis" in window) {
    loadVoices();
    try { window.speechSynthesis.addEventListener("voiceschanged", loadVoices); } catch (e) { /* old API */ }
  }

  function normal(tag) { return String(tag || "").replace("_", "-").toLowerCase(); }

  // The best voice for a BCP 47 tag: the exact tag, else the same language; local first.
  function voiceFor(tag) {
    var wanted = normal(tag), primary = wanted.split("-")[0];
    var exact = [], same = [];
    voices.forEach(function (voice) {
      var lang = normal(voice.lang);
      if (lang === wanted) exact.push(voice);
      else if (lang.split("-")[0] === primary) same.push(voice);
    });
    var found = exact.concat(same);
    var local = found.filter(function (voice) { return voice.localService; });
    return local[0] || found[0] || null;
  }

  function step() {
    var value = null;
    try { value = parseInt(sessionStorage.getItem(VOLUME_KEY), 10); } catch (e) { /* none */ }
    return value >= 1 && value <= STEPS.length ? value : DEFAULT_STEP;
  }
  function volume() { return STEPS[step() - 1]; }

  function setStep(value) {
    value = Math.max(1, Math.min(STEPS.length, value));
    try {
      if (value === DEFAULT_STEP) sessionStorage.removeItem(VOLUME_KEY);
      else sessionStorage.setItem(VOLUME_KEY, String(value));
    } catch (e) { /* storage refused: the volume still changes for this reading */ }
    if (audio) audio.volume = STEPS[value - 1];
    showVolume();
  }

  function panel() { return document.getElementById("speech-panel"); }

  function showVolume() {
    var meter = document.querySelector("#speech-panel meter");
    if (meter) meter.value = step();
  }

  function show(state, path) {
    var box = panel();
    if (!box) return;
    box.hidden = false;
    box.setAttribute("data-speech-state", state);
    if (path) box.setAttribute("data-speech-path", path);
    var status = box.querySelector(".speech-status");
    if (status) status.textContent = box.getAttribute("data-status-" + state) || "";
  }

  function clearWatchdog() {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
  }

  function silence() {
    run += 1;
    clearWatchdog();
    if ("speechSynthesis" in window) {
      try { window.speechSynthesis.cancel(); } catch (e) { /* nothing was speaking */ }
    }
    if (audio) {
      audio.pause();
      audio.removeAttribute("src");
      audio = null;
    }
  }

  function stop() {
    silence();
    if (panel() && !panel().hidden) show("stopped");
  }

  // Each sentence with its language: its own lang, "" for the screen's.
  function sentences(script) {
    var paragraphs = script.content.querySelectorAll("p"), out = [];
    for (var i = 0; i < paragraphs.length; i++) {
      var text = paragraphs[i].textContent.replace(/\s+/g, " ").trim();
      if (text) out.push({ text: text, lang: paragraphs[i].getAttribute("lang") || "" });
    }
    return out;
  }

  function play() {
    silence();
    var script = document.getElementById("speech-script");
    if (!script) return;
    showVolume();
    var url = script.getAttribute("data-audio");
    var voice = voiceFor(script.getAttribute("data-voice-lang") || script.lang);
    var lines = sentences(script);
    if (!lines.length) show("error");
    else if (voice) speakInBrowser(lines, voice, url, run);
    else playFromServer(url, run);
  }

  function speakInBrowser(lines, voice, url, reading) {
    var synth = window.speechSynthesis;
    var started = false;
    show("playing", "browser");
    function fallBack() {
      if (reading !== run) return;
      silence();
      playFromServer(url, run);
    }
    watchdog = setTimeout(function () { if (!started) fallBack(); }, START_TIMEOUT_MS);
    lines.forEach(function (line, index) {
      var utterance = new SpeechSynthesisUtterance(line.text);
      var own = (line.lang && voiceFor(line.lang)) || voice; // else the screen's voice
      utterance.voice = own;
      utterance.lang = own.lang;
      utterance.rate = RATE;
      utterance.volume = volume(); // read now: a volume change applies from here on
      utterance.onstart = function () {
        if (reading !== run) return;
        started = true;
        clearWatchdog();
      };
      utterance.onerror = function (event) {
        if (reading !== run) return;
        if (event.error === "interrupted" || event.error === "canceled") return;
        fallBack();
      };
      if (index === lines.length - 1) {
        utterance.onend = function () { if (reading === run) show("done"); };
      }
      synth.speak(utterance);
    });
  }

  function playFromServer(url, reading) {
    if (!url) { show("error"); return; }
    show("loading", "server");
    var player = new Audio();
    audio = player;
    player.preload = "auto";
    player.volume = volume();
    function fail() {
      if (reading !== run) return;
      silence();
      show("error");
    }
    var playing = false;
    player.addEventListener("playing", function () {
      if (reading !== run) return;
      playing = true;
      clearWatchdog();
      show("playing");
    });
    player.addEventListener("ended", function () { if (reading === run) show("done"); });
    player.addEventListener("error", function () {
      // The MP3 first; a browser that cannot play it gets the WAV, once.
      if (reading !== run || player.src.indexOf("format=wav") >= 0) { fail(); return; }
      player.src = url + (url.indexOf("?") >= 0 ? "&" : "?") + "format=wav";
      var again = player.play();
      if (again && again.catch) again.catch(fail);
    });
    watchdog = setTimeout(function () { if (!playing) fail(); }, LOAD_TIMEOUT_MS);
    player.src = url;
    var started = player.play();
    if (started && started.catch) started.catch(fail);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest(
      "[data-speech-play], [data-speech-again], [data-speech-stop], [data-speech-volume]");
    if (!target) return;
    if (target.hasAttribute("data-speech-stop")) stop();
    else if (target.hasAttribute("data-speech-volume")) {
      setStep(step() + parseInt(target.getAttribute("data-speech-volume"), 10));
    } else {
      if (target.hasAttribute("data-speech-play")) countListen();
      play();
    }
  });

  // One "listen" in the usage figures per press of Listen (not of Again), on the need
  // of the screen shown, as the idle reset counts "reset".
  function countListen() {
    if (!window.Kiosk) return;
    var main = document.querySelector("#screen [data-screen]");
    window.Kiosk.count("listen", main ? main.dataset.need || "" : "");
  }

  // A new screen: the old one is no longer what the visitor sees, so stop reading it
  // and put the panel away (it stays in the bar, above the screens).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail || !event.detail.target || event.detail.target.id !== "screen") return;
    silence();
    if (panel()) panel().hidden = true;
  });
  window.addEventListener("pagehide", silence);
  document.addEventListener("kiosk:reset", function () {
    silence();
    setStep(DEFAULT_STEP);
  });
})();
