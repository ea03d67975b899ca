/**
 * The report's only script: sorting and filtering the findings table. Inline and hashed into the
 * CSP; it reads the table's data attributes and never builds HTML from strings.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var search = document.getElementById('filter-text');
  var severity = document.getElementById('filter-severity');
  var area = document.getElementById('filter-area');
  var state = document.getElementById('filter-state');
  var count = document.getElementById('filter-count');

  function apply() {
    var text = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row, index) {
      var ok = (!text || texts[index].indexOf(text) !== -1) &&
        (!severity.value || row.dataset.severity === severity.value) &&
        (!area.value || row.dataset.area === area.value) &&
        (!state.value || (' ' + row.dataset.states + ' ').indexOf(' ' + state.value + ' ') !== -1);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = 'Showing ' + shown + ' of ' + rows.length;
  }

  var headers = Array.prototype.slice.call(table.querySelectorAll('th[data-sort]'));
  headers.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var key = th.dataset.sort;
      var numeric = th.dataset.type === 'number';
      var direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', direction);
      var sign = direction === 'ascending' ? 1 : -1;
      var order = rows.map(function (row, index) { return { row: row, text: texts[index] }; });
      order.sort(function (a, b) {
        var x = a.row.dataset[key] || '';
        var y = b.row.dataset[key] || '';
        var byKey = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return sign * byKey || Number(a.row.dataset.rank) - Number(b.row.dataset.rank);
      });
      rows = order.map(function (entry) { return entry.row; });
      texts = order.map(function (entry) { return entry.text; });
      rows.forEach(function (row) { tbody.appendChild(row); });
    });
  });

  var toggle = document.getElementById('toggle-details');
  if (toggle) {
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-pressed') !== 'true';
      rows.forEach(function (row) { if (!row.hidden) { var d = row.querySelector('details'); if (d) d.open = open; } });
      toggle.setAttribute('aria-pressed', String(open));
      toggle.textContent = open ? 'Collapse all' : 'Expand all';
    });
  }

  [search, severity, area, state].forEach(function (element) {
    element.addEventListener('input', apply);
    element.addEventListener('change', apply);
  });
  apply();
})();
`;
