'use strict';
// `strap report`: the site on the examples and the Debian fixture, its figures
// against `strap plan --format json` and the fix-all, the history, escaping,
// and the usage errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { main } = require('../../server/out/cli/main.js');
const deb = require('../../server/out/import/debian/index.js');
const { buildReportModel } = require('../../server/out/report/model.js');
const { withRun } = require('../../server/out/report/summary.js');
const { esc, slug, personPath } = require('../../server/out/report/html.js');

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'debian');

async function strap(args, cwd = ROOT) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), cwd, color: false });
  return { code, out, err };
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'strap-report-'));
}

function read(dir, rel) {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

/** The value the overview shows for a figure (data-figure="id" data-value="..."). */
function figureOf(html, id) {
  const m = new RegExp(`data-figure="${id}" data-value="([^"]*)"`).exec(html);
  assert.ok(m, `figure ${id} on the overview`);
  return Number(m[1]);
}

/** Every relative href of a page resolves to a file of the site. */
function assertLinksResolve(dir, rel) {
  const html = read(dir, rel);
  const from = path.dirname(path.join(dir, rel));
  let count = 0;
  for (const m of html.matchAll(/(?:href|src)="([^"#]+)(?:#[^"]*)?"/g)) {
    const target = path.resolve(from, decodeURIComponent(m[1].replace(/&amp;/g, '&')));
    assert.ok(fs.existsSync(target), `${rel}: ${m[1]} resolves`);
    count++;
  }
  return count;
}

async function planFigures(file) {
  const r = await strap(['plan', file, '--format', 'json']);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  return JSON.parse(r.out);
}

async function assertFiguresEqualPlan(file, dir) {
  const plan = await planFigures(file);
  const html = read(dir, 'index.html');
  const summary = JSON.parse(read(dir, 'summary.json'));
  assert.equal(figureOf(html, 'packages'), plan.coverage.total);
  assert.equal(figureOf(html, 'built-fully'), plan.coverage.count);
  assert.equal(figureOf(html, 'percent'), plan.coverage.percent);
  assert.equal(figureOf(html, 'stuck'), plan.stuck.length);
  assert.equal(figureOf(html, 'stages-unused'), plan.unusedStages.length);
  assert.equal(figureOf(html, 'waves'), plan.waves.length);
  assert.equal(figureOf(html, 'rebuilds'), plan.rebuilds.length);
  assert.equal(summary.figures.packages, plan.coverage.total);
  assert.equal(summary.figures.builtFully, plan.coverage.count);
  assert.equal(summary.figures.percentBootstrappable, plan.coverage.percent);
  assert.equal(summary.figures.stuck, plan.stuck.length);
  assert.equal(summary.figures.stuckByReason.cycle, plan.stuck.filter((s) => s.reason === 'cycle').length);
  assert.equal(summary.figures.stages.unused, plan.unusedStages.length);
  // Packages in unbroken cycles are exactly the plan's stuck-in-a-cycle packages.
  assert.equal(figureOf(html, 'in-cycles'), plan.stuck.filter((s) => s.reason === 'cycle').length);
  return { plan, html, summary };
}

/** The annotation count of `strap fix` (its fix-all), from the edits it prints. */
async function fixAllCount(file) {
  const { analyze } = require('../../server/out/core/analysis.js');
  const { fixAll } = require('../../server/out/core/fixes/fix-all.js');
  const { pathToUri } = require('../../server/out/core/workspace/uris.js');
  const { diskProvider } = require('../../server/out/cli/disk-provider.js');
  const uri = pathToUri(file);
  const roots = [pathToUri(path.dirname(file))];
  const fix = fixAll(analyze([uri], diskProvider(roots), { roots, files: [] }), uri);
  if (!fix) return 0;
  return Number(/\((\d+) bootstrap annotations?[;,)]/.exec(fix.title)[1]);
}

test('the examples: every page is written, figures equal strap plan --format json, links resolve', async () => {
  for (const example of ['examples/distro.bootstrap.yaml', 'examples/broken.bootstrap.yaml', 'examples/multi/bootstrap.yaml']) {
    const dir = tempDir();
    try {
      const r = await strap(['report', example, '-o', dir]);
      assert.equal(r.code, 0, r.err);
      const { plan, html } = await assertFiguresEqualPlan(path.join(ROOT, example), dir);
      for (const rel of ['index.html', 'history.html', 'cycles/index.html', 'stuck/index.html', 'packages/index.html', 'people/index.html', 'assets/report.js', 'assets/report.css', 'assets/search-index.js']) {
        assert.ok(fs.existsSync(path.join(dir, rel)), `${example}: ${rel}`);
      }
      const names = [...plan.waves.flatMap((w) => w.builds.map((b) => b.package)), ...plan.stuck.map((s) => s.package)];
      for (const n of names) assert.ok(fs.existsSync(path.join(dir, 'pkg', `${slug(n)}.html`)), `${example}: page of ${n}`);
      assert.ok(assertLinksResolve(dir, 'index.html') > 5);
      assertLinksResolve(dir, 'cycles/index.html');
      assertLinksResolve(dir, `pkg/${slug(names[0])}.html`);
      assert.doesNotMatch(html, /https?:\/\//, 'nothing fetched from the network');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('broken example: the cycles page names the cycles, the cluster page suggests the fix-all annotations', async () => {
  const dir = tempDir();
  try {
    const file = path.join(ROOT, 'examples/broken.bootstrap.yaml');
    assert.equal((await strap(['report', file, '-o', dir])).code, 0);
    const overview = read(dir, 'index.html');
    const expected = await fixAllCount(file);
    assert.ok(expected > 0);
    assert.equal(figureOf(overview, 'fix-all'), expected);
    const cycles = read(dir, 'cycles/index.html');
    assert.match(cycles, /id="ranking-table"/);
    for (const n of ['gcc', 'glibc', 'cmake', 'curl']) assert.match(cycles, new RegExp(`>${n}</a>`));
    const clusterPages = fs.readdirSync(path.join(dir, 'cycles')).filter((f) => f.startsWith('cluster-'));
    const summary = JSON.parse(read(dir, 'summary.json'));
    assert.equal(clusterPages.length, summary.figures.clusters.count);
    const suggested = clusterPages.map((f) => read(dir, `cycles/${f}`)).join('');
    assert.equal((suggested.match(/<code>build-depends-bootstrap\d+<\/code> (?:becomes|added)/g) ?? []).length, expected);
    const gcc = read(dir, 'pkg/gcc.html');
    assert.match(gcc, /stuck/);
    assert.match(gcc, /cycle cluster #\d/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the Debian fixture: figures equal the plan, fix-all equals strap fix, maintainers get pages', async () => {
  const dir = tempDir();
  try {
    const { text } = await deb.importDebian({ sources: path.join(FIXTURES, 'Sources'), packages: path.join(FIXTURES, 'Packages') });
    const file = path.join(dir, 'debian.bootstrap.yaml');
    fs.writeFileSync(file, text);
    const site = path.join(dir, 'site');
    const r = await strap(['report', file, '-o', site, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const { plan, summary } = await assertFiguresEqualPlan(file, site);
    assert.deepEqual(JSON.parse(r.out), summary, '--format json prints the summary the site holds');
    assert.ok(summary.figures.clusters.count > 0, 'the excerpt has unbroken cycles');
    assert.equal(summary.figures.fixAll.annotations, await fixAllCount(file));
    assert.equal(summary.largestCluster.length, Math.min(50, summary.figures.clusters.largest));
    assert.ok(plan.stuck.length > 0);
    // glibc's maintainer team has a page listing glibc, reached from glibc's page.
    const team = 'GNU Libc Maintainers <debian-glibc@lists.debian.org>';
    const glibc = read(site, 'pkg/glibc.html');
    assert.ok(glibc.includes(esc(team)), 'the maintainer is shown, escaped');
    const page = read(site, personPath(team));
    assert.match(page, />glibc<\/a>/);
    assert.ok(read(site, 'people/index.html').includes(esc(team)));
    assertLinksResolve(site, 'pkg/glibc.html');
    assertLinksResolve(site, personPath(team));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('history: one summary per input; re-running on the same input adds no point', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'bootstrap.yaml');
    const history = path.join(dir, 'history');
    const site = path.join(dir, 'site');
    const base = fs.readFileSync(path.join(ROOT, 'examples/broken.bootstrap.yaml'), 'utf8');
    fs.writeFileSync(file, base);
    const run = (date) => strap(['report', file, '-o', site, '--history', history, '--date', date]);
    assert.equal((await run('2026-01-01T00:00:00Z')).code, 0);
    assert.equal(fs.readdirSync(history).length, 1);
    const again = await run('2026-01-02T00:00:00Z');
    assert.equal(again.code, 0);
    assert.match(again.err, /already recorded/);
    assert.equal(fs.readdirSync(history).length, 1, 'same input: no second point');
    // Break the gcc/glibc cycle: a new input, a second point, and the chart shows both.
    fs.writeFileSync(file, base.replace('    build-depends: [glibc, binutils]\n', '    build-depends: [glibc, binutils]\n    build-depends-bootstrap1: [binutils]\n'));
    assert.equal((await run('2026-01-03T00:00:00Z')).code, 0);
    assert.equal(fs.readdirSync(history).length, 2);
    const overview = read(site, 'index.html');
    const points = [...overview.matchAll(/<figure class="chart" data-series="stuck">.*?<\/figure>/gs)][0][0].match(/class="point"/g);
    assert.equal(points.length, 2);
    const stuck = [...overview.matchAll(/data-series="stuck">.*?<\/figure>/gs)][0][0];
    const values = [...stuck.matchAll(/data-value="(\d+(?:\.\d+)?)"/g)].map((m) => Number(m[1]));
    const runs = fs.readdirSync(history).sort().map((f) => JSON.parse(read(history, f)));
    assert.deepEqual(values, runs.map((s) => s.figures.stuck));
    assert.ok(values[1] < values[0], 'the fixed cycle shows as fewer stuck packages');
    // Files that are not summaries are skipped with a warning, not a crash.
    fs.writeFileSync(path.join(history, 'junk.json'), '{ not json');
    const withJunk = await run('2026-01-04T00:00:00Z');
    assert.equal(withJunk.code, 0);
    assert.match(withJunk.err, /junk\.json could not be read/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('withRun keeps the runs by date and drops a second run on the same input', () => {
  const s = (date, sha) => ({ date, input: { sha256: sha } });
  const a = s('2026-01-02T00:00:00Z', 'a');
  const b = s('2026-01-01T00:00:00Z', 'b');
  assert.deepEqual(withRun([a], b), { runs: [b, a], added: true });
  assert.deepEqual(withRun([a, b], s('2026-02-01T00:00:00Z', 'a')), { runs: [b, a], added: false });
});

test('text from the file is escaped into the HTML', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'bootstrap.yaml');
    fs.writeFileSync(file, `version: 1
packages:
  gcc:
    description: "<script>alert(1)</script> & more"
    maintainer: "Evil \\"quote\\" <evil@example.org>"
    uploaders: ["O'Brien <ob@example.org>"]
    build-depends: [glibc]
  glibc:
    build-depends: [gcc]
`);
    const site = path.join(dir, 'site');
    assert.equal((await strap(['report', file, '-o', site])).code, 0);
    const gcc = read(site, 'pkg/gcc.html');
    assert.doesNotMatch(gcc, /<script>alert/);
    assert.match(gcc, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; more/);
    assert.match(gcc, /Evil &quot;quote&quot; &lt;evil@example.org&gt;/);
    assert.match(gcc, /O&#39;Brien/);
    assert.doesNotMatch(read(site, 'assets/search-index.js'), /<\//, 'no closing tag inside the search index');
    assertLinksResolve(site, 'pkg/gcc.html');
    assertLinksResolve(site, 'people/index.html');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors: no FILE, no -o, a folder that is not a report, several workspaces', async () => {
  const dir = tempDir();
  try {
    assert.equal((await strap(['report'])).code, 2);
    const noOut = await strap(['report', 'examples/broken.bootstrap.yaml']);
    assert.equal(noOut.code, 2);
    assert.match(noOut.err, /-o DIR is required/);
    fs.writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
    const notReport = await strap(['report', 'examples/broken.bootstrap.yaml', '-o', dir]);
    assert.equal(notReport.code, 2);
    assert.match(notReport.err, /not empty/);
    assert.equal(read(dir, 'precious.txt'), 'keep me');
    const two = await strap(['report', 'examples/broken.bootstrap.yaml', 'examples/distro.bootstrap.yaml', '-o', path.join(dir, 'x')]);
    assert.equal(two.code, 2);
    assert.match(two.err, /separate workspaces/);
    const badDate = await strap(['report', 'examples/broken.bootstrap.yaml', '--format', 'json', '--date', 'yesterday']);
    assert.equal(badDate.code, 2);
    // A second run into the same report folder replaces it.
    const site = path.join(dir, 'site');
    assert.equal((await strap(['report', 'examples/broken.bootstrap.yaml', '-o', site])).code, 0);
    assert.equal((await strap(['report', 'examples/distro.bootstrap.yaml', '-o', site])).code, 0);
    assert.ok(!fs.existsSync(path.join(site, 'pkg', 'cmake.html')), 'pages of the earlier report are removed');
    assert.ok(fs.existsSync(path.join(site, 'pkg', 'gmp.html')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the model ranks cluster members by the cycles through them', () => {
  const { analyze } = require('../../server/out/core/analysis.js');
  const { pathToUri } = require('../../server/out/core/workspace/uris.js');
  const { diskProvider } = require('../../server/out/cli/disk-provider.js');
  const file = path.join(ROOT, 'examples/broken.bootstrap.yaml');
  const uri = pathToUri(file);
  const roots = [pathToUri(path.dirname(file))];
  const wa = analyze([uri], diskProvider(roots), { roots, files: [] }).workspaceOf(uri);
  const model = buildReportModel(wa);
  for (const r of model.ranking) {
    const c = model.clusters[r.cluster - 1];
    assert.equal(r.cycles, c.cycles.filter((cy) => cy.nodes.includes(r.name)).length);
  }
  for (let i = 1; i < model.ranking.length; i++) assert.ok(model.ranking[i - 1].cycles >= model.ranking[i].cycles);
  // gcc's cluster blocks the packages that build-depend on it and are stuck: openssl, and through it curl/cmake.
  const gccCluster = model.clusters[model.clusterOf.get('gcc') - 1];
  assert.ok(!gccCluster.members.includes('openssl'));
  assert.ok(gccCluster.blocks >= 1);
});
