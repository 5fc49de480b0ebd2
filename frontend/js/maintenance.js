// The public maintenance page refreshes itself from /maintenance/status.json every 15 s.
(function () {
  'use strict';
  var shown = JSON.stringify(null);
  function fmt() {
    document.querySelectorAll('time[datetime]').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d)) { t.textContent = d.toLocaleString(); t.title = t.getAttribute('datetime'); }
    });
  }
  function refresh() {
    fetch(window.location.pathname.replace(/\/$/, '') + '/status.json', { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (notices) {
        if (!notices) { return; }
        var now = JSON.stringify(notices.map(function (n) { return [n.id, n.status, n.progress, n.updatedAt]; }));
        if (shown !== JSON.stringify(null) && now !== shown) { window.location.reload(); }
        shown = now;
      })
      .catch(function () { /* keep the page as it is */ });
  }
  fmt();
  refresh();
  setInterval(refresh, 15000);
})();
