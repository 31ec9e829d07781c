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

  var decided = null; // the height of the screen's content when the pager was last set
  // A screen this many times taller than the room beside the pager cannot fit once the
  // pager's column is given back (the screen widens by a fifth at most): no need to try.
  var SURELY_PAGED = 1.5;

  function put(element, property, value) {
    if (element[property] !== value) element[property] = value; // unchanged: no new layout
  }

  // `decide`: whether to show the pager at all (a new screen, a new size), else only
  // its numbers. Decided without the pager first: its column narrows the screen, and a
  // screen that fits at full width must not be paged because the pager took room.
  function update(decide) {
    var box = screen(), nav = pager();
    if (!box || !nav) return;
    var sure = !nav.hidden && box.scrollHeight > SURELY_PAGED * box.clientHeight;
    if (decide && box.scrollTop === 0 && !sure) {
      nav.hidden = true;
      if (count(box) > 1) nav.hidden = false;
    }
    var total = count(box), now = current(box);
    put(nav, "hidden", total === 1);
    decided = box.firstElementChild ? box.firstElementChild.offsetHeight : null;
    put(nav.querySelector("[data-page-now]"), "textContent", String(now));
    put(nav.querySelector("[data-page-count]"), "textContent", String(total));
    put(nav.querySelector("[data-page='-1']"), "disabled", now === 1);
    put(nav.querySelector("[data-page='1']"), "disabled", now === total);
  }

  function scrollTo(top) {
    var box = screen();
    box.scrollTop = Math.max(0, Math.min(top, box.scrollHeight - box.clientHeight));
    update(false);
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

  // The content grew or shrank (fonts and pictures came in, larger text): decide again.
  // The pager's own column changes the screen's size too, which needs no new decision.
  function resized() {
    var box = screen();
    var content = box && box.firstElementChild;
    update(!content || content.offsetHeight !== decided);
  }
  var watched = null;
  var observer = window.ResizeObserver ? new ResizeObserver(resized) : null;

  function watch() {
    var box = screen();
    if (!box) return;
    if (observer) {
      if (watched) observer.unobserve(watched);
      watched = box.firstElementChild;
      if (watched) observer.observe(watched);
      observer.observe(box);
    }
    update(true);
  }

  function numbers() { update(false); }
  function again() { update(true); }

  document.addEventListener("DOMContentLoaded", function () {
    watch();
    var box = screen();
    if (box) box.addEventListener("scroll", numbers, { passive: true });
  });
  // A new screen starts at its first page: the old one is scrolled back before it is
  // replaced, while its layout is still clean (no layout forced for it).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var box = screen();
    if (box && event.detail.target === box && box.scrollTop) box.scrollTop = 0;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target === screen()) watch();
    else numbers();
  });
  window.addEventListener("resize", again);
  window.addEventListener("load", again); // fonts and pictures are in
})();
