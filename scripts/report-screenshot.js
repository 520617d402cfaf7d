#!/usr/bin/env node
'use strict';
// The README's picture of `strap report` (docs/report-overview.png): the
// overview of the report on the Debian test fixture (test/fixtures/debian,
// imported with `strap import debian`'s defaults) after two runs of history,
// taken in headless Chromium (/usr/bin/chromium through puppeteer-core):
//
//   node scripts/report-screenshot.js [--out docs/report-overview.png] [--keep DIR]
//
// Run `npx tsc -p tsconfig.json` first. The two runs: on 2026-11-01 the
// fixture with two more packages in a build loop of their own, on 2026-11-08
// the fixture as imported, so the progress charts have two different points.
// The picture is the top 1000 × 1000 CSS pixels of the page. --keep DIR keeps
// the site, the history and the imported file in DIR (default: a temporary
// folder, removed). test/report/browser.test.js builds its report with
// twoRunReport, so this script's input stays what the test checks.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'debian');
const CHROMIUM = '/usr/bin/chromium';
const RUN_DATES = ['2026-11-01T06:00:00Z', '2026-11-08T06:00:00Z'];
// A week before, two more packages sat in a loop of their own.
const LEGACY_LOOP = '  zz-legacy-a:\n    build-depends: [zz-legacy-b]\n  zz-legacy-b:\n    build-depends: [zz-legacy-a, glibc]\n';

async function strap(args) {
  const { main } = require(path.join(ROOT, 'server', 'out', 'cli', 'main.js'));
  let err = '';
  const code = await main(args, { out: () => {}, err: (s) => (err += s), cwd: ROOT, color: false });
  if (code !== 0) throw new Error(`strap ${args.join(' ')} exited ${code}: ${err}`);
}

/**
 * Imports the Debian fixture into DIR/debian.bootstrap.yaml and reports it
 * twice into DIR/site with history in DIR/history (see RUN_DATES).
 * Returns the paths and the two runs' summaries, oldest first.
 */
async function twoRunReport(dir) {
  const deb = require(path.join(ROOT, 'server', 'out', 'import', 'debian', 'index.js'));
  const { text } = await deb.importDebian({ sources: path.join(FIXTURES, 'Sources'), packages: path.join(FIXTURES, 'Packages') });
  const file = path.join(dir, 'debian.bootstrap.yaml');
  const site = path.join(dir, 'site');
  const history = path.join(dir, 'history');
  fs.writeFileSync(file, text + LEGACY_LOOP);
  await strap(['report', file, '-o', site, '--history', history, '--date', RUN_DATES[0]]);
  fs.writeFileSync(file, text);
  await strap(['report', file, '-o', site, '--history', history, '--date', RUN_DATES[1]]);
  const runs = fs.readdirSync(history)
    .map((f) => JSON.parse(fs.readFileSync(path.join(history, f), 'utf8')))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { file, site, history, runs };
}

/** The browser the report is looked at in: headless, nothing fetched, a profile inside DIR. */
function launchChromium(dir) {
  const puppeteer = require('puppeteer-core');
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: path.join(dir, 'profile'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function main(argv) {
  let out = path.join(ROOT, 'docs', 'report-overview.png');
  let keep;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else if (argv[i] === '--keep') keep = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: node scripts/report-screenshot.js [--out PNG] [--keep DIR])`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (apt-get install chromium)`);
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'strap-report-screenshot-'));
  fs.mkdirSync(dir, { recursive: true });
  try {
    const { site, runs } = await twoRunReport(dir);
    const browser = await launchChromium(dir);
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1000, height: 1000 });
      await page.goto(pathToFileURL(path.join(site, 'index.html')).href, { waitUntil: 'load' });
      await page.screenshot({ path: out });
    } finally {
      await browser.close();
    }
    const f = runs[runs.length - 1].figures;
    console.log(`${path.relative(process.cwd(), out)}: ${runs.length} runs; last: ${f.packages} packages, ${f.builtFully} built fully (${f.percentBootstrappable.toFixed(1)} %), ${f.stuck} stuck, largest cluster ${f.clusters.largest}, fix-all ${f.fixAll.annotations} annotations`);
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { twoRunReport, launchChromium, CHROMIUM };

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
