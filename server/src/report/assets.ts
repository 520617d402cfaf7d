// The report's stylesheet and its one small script (search and table
// sorting). Plain text written beside the pages: nothing is fetched.

export const REPORT_CSS = `:root { --fg: #1d2330; --muted: #5b6475; --line: #d8dde6; --bg: #fff; --accent: #1f5fbf; --bad: #b3261e; --warn: #a15c00; --ok: #1e7b34; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: #f5f7fa; }
nav a { margin-right: 1rem; color: var(--accent); text-decoration: none; }
nav a[aria-current="page"] { font-weight: 600; color: var(--fg); }
.search { position: relative; margin-left: auto; }
.search input { width: 18rem; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
#search-results { position: absolute; right: 0; z-index: 2; min-width: 18rem; max-height: 24rem; overflow: auto; margin: .2rem 0 0; padding: .3rem 0; list-style: none; background: #fff; border: 1px solid var(--line); border-radius: 4px; box-shadow: 0 4px 14px rgba(0,0,0,.12); }
#search-results li a { display: block; padding: .15rem .7rem; color: var(--fg); text-decoration: none; }
#search-results li a:hover, #search-results li a:focus { background: #e8eefb; }
#search-results .kind { color: var(--muted); font-size: 85%; margin-left: .4rem; }
main { max-width: 72rem; padding: .5rem 1.2rem 2rem; }
h1 { font-size: 1.5rem; margin: .8rem 0; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
a { color: var(--accent); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr)); gap: .5rem; margin: 0; }
.figures div { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; }
.figures dt { color: var(--muted); font-size: 85%; }
.figures dd { margin: 0; font-size: 1.35rem; font-weight: 600; }
.figures dd small { font-size: 60%; font-weight: 400; color: var(--muted); }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { text-align: left; padding: .2rem .7rem .2rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th.num, td.num { text-align: right; padding-left: .7rem; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " ▲"; font-size: 70%; }
table.sortable th[aria-sort="descending"]::after { content: " ▼"; font-size: 70%; }
.unknown { color: var(--muted); font-style: italic; }
.stuck, .bad { color: var(--bad); }
.warn { color: var(--warn); }
.ok { color: var(--ok); }
.muted, footer { color: var(--muted); }
footer { padding: 1rem 1.2rem; border-top: 1px solid var(--line); font-size: 85%; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.chart { margin: 0; }
.chart figcaption { font-size: 85%; color: var(--muted); }
.chart svg text { font-size: 10px; fill: var(--muted); }
.chart .axis { stroke: var(--line); }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
.chart .point { fill: var(--accent); }
.path { font-family: ui-monospace, monospace; font-size: 90%; }
.pager strong { padding: 0 .2rem; }
code { font-size: 90%; background: #f2f4f8; padding: 0 .2rem; border-radius: 3px; }
ul.cols { columns: 16rem; padding-left: 1.2rem; }
`;

export const REPORT_JS = `// strap report: find a package or person; sort tables. No network, no framework.
(function () {
  'use strict';
  var root = document.body.getAttribute('data-root') || '';
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  function entries() {
    var s = window.STRAP_SEARCH || { packages: [], people: [] };
    var out = [];
    for (var i = 0; i < s.packages.length; i++) out.push({ label: s.packages[i][0], path: s.packages[i][1], kind: 'package' });
    for (var j = 0; j < s.people.length; j++) out.push({ label: s.people[j][0], path: s.people[j][1], kind: 'person' });
    return out;
  }
  var all = null;
  function search(query) {
    all = all || entries();
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var exact = [], prefix = [], inner = [];
    for (var i = 0; i < all.length; i++) {
      var l = all[i].label.toLowerCase();
      if (l === q) exact.push(all[i]);
      else if (l.indexOf(q) === 0) prefix.push(all[i]);
      else if (l.indexOf(q) > 0 && inner.length < 200) inner.push(all[i]);
    }
    var byLength = function (a, b) { return a.label.length - b.label.length || (a.label < b.label ? -1 : 1); };
    prefix.sort(byLength);
    return exact.concat(prefix, inner).slice(0, 30);
  }
  function show() {
    var found = search(input.value);
    list.textContent = '';
    found.forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + e.path;
      a.textContent = e.label;
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = e.kind;
      a.appendChild(kind);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
  }
  if (input && list) {
    input.addEventListener('input', show);
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') {
        var first = list.querySelector('a');
        if (first) window.location.href = first.href;
      } else if (ev.key === 'Escape') {
        list.hidden = true;
      }
    });
  }
  function cellValue(row, k) {
    var cell = row.cells[k];
    if (!cell) return '';
    var v = cell.getAttribute('data-sort');
    if (v === null) v = cell.textContent.trim();
    var n = Number(v.replace(/,/g, ''));
    return v !== '' && !isNaN(n) ? n : v.toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, k) {
      th.tabIndex = 0;
      function sort() {
        var descending = th.getAttribute('aria-sort') !== 'descending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, k), y = cellValue(b, k);
          var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
          return descending ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') sort(); });
    });
  });
})();
`;

/** The search index as a script (a file:// page cannot fetch JSON; it can load a script). */
export function searchIndexScript(packages: Array<[string, string]>, people: Array<[string, string]>): string {
  // JSON inside a script: '<' escaped so no text can close the script element.
  const json = JSON.stringify({ packages, people }).replace(/</g, '\\u003c');
  return `window.STRAP_SEARCH = ${json};\n`;
}
