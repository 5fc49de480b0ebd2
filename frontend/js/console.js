// Hub Upgrade Console: live run page (SSE with a polling fallback) and small form helpers. No build step.
(function () {
  'use strict';

  // Notify form: default the zone to the browser's, and the window to the next full hour + 1 h.
  document.querySelectorAll('input[data-browser-zone]').forEach(function (input) {
    try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || input.value; } catch (e) { /* keep */ }
  });
  var start = document.getElementById('windowStart');
  var end = document.getElementById('windowEnd');
  if (start && end && !start.value) {
    var d = new Date(); d.setMinutes(0, 0, 0); d.setHours(d.getHours() + 1);
    var pad = function (n) { return String(n).padStart(2, '0'); };
    var local = function (t) { return t.getFullYear() + '-' + pad(t.getMonth() + 1) + '-' + pad(t.getDate()) + 'T' + pad(t.getHours()) + ':' + pad(t.getMinutes()); };
    start.value = local(d); end.value = local(new Date(d.getTime() + 3600 * 1000));
  }

  // Disable a form's buttons once it is submitted (the server also refuses a double submission).
  document.querySelectorAll('form').forEach(function (form) {
    form.addEventListener('submit', function () {
      setTimeout(function () { form.querySelectorAll('button').forEach(function (b) { b.disabled = true; }); }, 0);
    });
  });

  var run = document.getElementById('run');
  if (!run) { return; }
  var runId = run.getAttribute('data-run-id');
  var log = document.getElementById('log');
  var live = document.getElementById('live');
  var lastId = Number(log.getAttribute('data-last-id') || 0);
  var base = window.location.pathname.replace(/\/runs\/\d+.*$/, '');

  function appendLine(line) {
    if (line.id <= lastId) { return; }
    lastId = line.id;
    var span = document.createElement('span');
    span.className = 'line';
    span.setAttribute('data-id', line.id);
    span.textContent = line.step + ' ' + line.line + '\n';
    var atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 20;
    log.appendChild(span);
    if (atBottom) { log.scrollTop = log.scrollHeight; }
    copyProgress(line.line);
  }

  // Per-table progress of an engine change, from the Migrate step's "copy: <table>: ..." log lines.
  var progressPanel = document.getElementById('copy-progress');
  var COPY_LINE = /^copy: ([A-Za-z0-9_]+): (?:started, (\d+) rows|(\d+)\/(\d+) rows \((\d+)%\), (\d+) rows\/s|loaded and verified, (\d+) rows in \d+ ms \((\d+) rows\/s\))/;
  function copyProgress(text) {
    var m = progressPanel && COPY_LINE.exec(text);
    if (!m) { return; }
    progressPanel.hidden = false;
    var row = document.getElementById('copy-' + m[1]);
    if (!row) {
      row = document.createElement('tr');
      row.id = 'copy-' + m[1];
      row.innerHTML = '<td></td><td><progress max="100" value="0"></progress></td><td class="num"></td>';
      row.cells[0].textContent = m[1];
      progressPanel.querySelector('tbody').appendChild(row);
    }
    var bar = row.querySelector('progress');
    if (m[2] !== undefined) {
      row.cells[2].textContent = '0 / ' + m[2];
    } else if (m[3] !== undefined) {
      bar.value = Number(m[5]);
      row.cells[2].textContent = m[3] + ' / ' + m[4] + ' (' + m[6] + ' rows/s)';
    } else {
      bar.value = 100;
      row.cells[2].textContent = m[7] + ' ✓ (' + m[8] + ' rows/s)';
    }
  }
  log.querySelectorAll('span.line').forEach(function (span) {
    copyProgress(span.textContent.replace(/^\S+ /, '').trim());
  });

  function showStep(kind, state) {
    var li = document.getElementById('step-' + kind.toLowerCase());
    if (!li) { return; }
    li.className = 'state-' + state;
    li.setAttribute('data-state', state);
    var badge = li.querySelector('.step-state');
    if (badge) { badge.textContent = state; }
  }

  // A finished step changes which actions the page offers: reload it (it is rebuilt from the database).
  function maybeReload(state) {
    if (state !== 'RUNNING') { setTimeout(function () { window.location.reload(); }, 400); }
  }

  function poll() {
    fetch(base + '/runs/' + runId + '/status?after=' + lastId, { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        status.log.forEach(appendLine);
        var running = status.run.steps.some(function (s) { return s.state === 'RUNNING'; });
        status.run.steps.forEach(function (s) { showStep(s.kind, s.state); });
        if (!running && run.getAttribute('data-running') === 'true') { window.location.reload(); }
      })
      .catch(function () { /* try again */ });
  }

  if (window.EventSource) {
    var source = new EventSource(base + '/runs/' + runId + '/events');
    source.onopen = function () { live.hidden = false; poll(); };
    source.addEventListener('log', function (e) { appendLine(JSON.parse(e.data)); });
    source.addEventListener('step', function (e) {
      var ev = JSON.parse(e.data); showStep(ev.kind, ev.state); maybeReload(ev.state);
    });
    source.addEventListener('run', function () { maybeReload('DONE'); });
    source.onerror = function () { live.hidden = true; };
  }
  // Fallback and safety net: poll the plain status while a step runs.
  setInterval(function () { if (run.getAttribute('data-running') === 'true' || live.hidden) { poll(); } }, 3000);
  log.scrollTop = log.scrollHeight;
})();
