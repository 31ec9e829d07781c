// Fleet status: tell the server every minute that this kiosk is alive, with its
// version and screen size (not its printer: the server prints, so the server knows).
// The answer carries a fresh CSRF token, so a page that stays up for days keeps
// valid tokens for its own requests.
(function () {
  "use strict";
  var body = document.body;
  var url = body.dataset.heartbeatUrl;
  if (!url || !window.Kiosk) return;
  var every = (parseInt(body.dataset.heartbeatSeconds, 10) || 60) * 1000;

  function renew(answer) {
    if (answer && answer.csrf) window.Kiosk.setCsrfToken(answer.csrf);
  }
  function beat(retried) {
    var data = { version: body.dataset.version, screen: innerWidth + "x" + innerHeight };
    window.Kiosk.post(url, data).then(function (response) {
      if (response.ok) return response.json().then(renew);
      // A token too old (the page outlived a long outage): fetch a fresh one, once.
      if (response.status === 400 && !retried) {
        return fetch(url, { credentials: "same-origin", cache: "no-store" })
          .then(function (r) { return r.json(); })
          .then(renew)
          .then(function () { beat(true); });
      }
    }).catch(function () {});
  }
  beat(false);
  setInterval(function () { beat(false); }, every);
})();
