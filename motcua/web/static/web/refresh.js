// The dashboard refreshes itself (the operations centre's screens): every data-refresh seconds,
// fetch the body fragment and swap it in. Plain fetch, no library: the one behaviour needed.
(function () {
  var body = document.getElementById("report-body");
  if (!body) { return; }
  var seconds = parseInt(body.getAttribute("data-refresh"), 10) || 60;
  function refresh() {
    fetch(body.getAttribute("data-source"), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { body.innerHTML = html; body.setAttribute("data-refreshed", String(Date.now())); } })
      .catch(function () { /* keep the figures shown; try again at the next tick */ });
  }
  window.setInterval(refresh, seconds * 1000);
  window.motcuaRefreshReport = refresh;
})();
