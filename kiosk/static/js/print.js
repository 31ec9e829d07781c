// The page print of a referral slip (public/fiche.html). With ?print=1 it prints
// itself once loaded and, once printed (silently on a kiosk browser started with
// --kiosk-printing), goes back to the result screen. No inline script needed.
(function () {
  "use strict";

  var slip = document.querySelector(".fiche");
  var button = document.querySelector("[data-print-now]");
  if (button) {
    button.addEventListener("click", function () { window.print(); });
  }
  if (!slip || !slip.hasAttribute("data-autoprint")) return;

  window.addEventListener("afterprint", function () {
    var back = slip.getAttribute("data-return-url");
    if (back) window.location.assign(back);
  });
  if (document.readyState === "complete") {
    window.print();
  } else {
    window.addEventListener("load", function () { window.print(); });
  }
})();
