// Pages instead of scrolling. The screen (#screen) never scrolls by itself: a senior
// does not discover scrolling, and a swipe is no gesture of the kiosk. When what it
// shows does not fit, the pager's big buttons move it one page at a time and say where
// you are ("1 / 2"); a button inside the screen with data-page-to="#id" brings that
// part into view (the result's "What to bring?", "Map", "Other places").
(function () {
  "use strict";

  var OVERLAP = 48; // px of the last page seen again at the top of the next one

  function screen() { return document.getElementById("screen"); }
  function pager() { return document.getElementById("pager"); }

  function step(box) { return Math.max(box.clientHeight - OVERLAP, 80); }

  function count(box) {
    var hidden = box.scrollHeight - box.clientHeight;
    return hidden <= 2 ? 1 : 1 + Math.ceil(hidden / step(box));
  }

  function current(box) {
    var total = count(box);
    if (box.scrollTop + box.clientHeight >= box.scrollHeight - 2) return total;
    return Math.min(total, 1 + Math.round(box.scrollTop / step(box)));
  }

  function update() {
    var box = screen(), nav = pager();
    if (!box || !nav) return;
    // Measured without the pager first: its column narrows the screen, and a screen
    // that fits at full width must not be paged because the pager took room.
    if (!nav.hidden && box.scrollTop === 0) {
      nav.hidden = true;
      if (count(box) > 1) nav.hidden = false;
    }
    var total = count(box), now = current(box);
    nav.hidden = total === 1;
    nav.querySelector("[data-page-now]").textContent = String(now);
    nav.querySelector("[data-page-count]").textContent = String(total);
    nav.querySelector("[data-page='-1']").disabled = now === 1;
    nav.querySelector("[data-page='1']").disabled = now === total;
  }

  function scrollTo(top) {
    var box = screen();
    box.scrollTop = Math.max(0, Math.min(top, box.scrollHeight - box.clientHeight));
    update();
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var button = event.target.closest("[data-page]");
    if (button && !button.disabled) {
      scrollTo(screen().scrollTop + Number(button.getAttribute("data-page")) * step(screen()));
      return;
    }
    var jump = event.target.closest("[data-page-to]");
    var part = jump && document.querySelector(jump.getAttribute("data-page-to"));
    if (part) {
      event.preventDefault();
      var box = screen();
      var top = part.getBoundingClientRect().top - box.getBoundingClientRect().top;
      scrollTo(box.scrollTop + top - 12);
      part.focus({ preventScroll: true });
    }
  });

  var watched = null;
  var observer = window.ResizeObserver ? new ResizeObserver(update) : null;

  function watch() {
    var box = screen();
    if (!box) return;
    box.scrollTop = 0; // a new screen starts at its first page
    if (observer) {
      if (watched) observer.unobserve(watched);
      watched = box.firstElementChild;
      if (watched) observer.observe(watched);
      observer.observe(box);
    }
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    watch();
    var box = screen();
    if (box) box.addEventListener("scroll", update, { passive: true });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target === screen()) watch();
    else update();
  });
  window.addEventListener("resize", update);
  window.addEventListener("load", update); // fonts and pictures are in
})();
