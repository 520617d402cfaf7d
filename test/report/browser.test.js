'use strict';
// The report in headless Chromium (Debian's /usr/bin/chromium through
// puppeteer-core), from file:// as a person opens it: no console error, the
// history chart has a point per run, the search finds a package, the links
// resolve. A screenshot is saved in the test's temp folder.
// Skipped when /usr/bin/chromium is missing, unless STRAP_REQUIRE_EDITORS=1.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const { twoRunReport, launchChromium, CHROMIUM } = require('../../scripts/report-screenshot.js');

const available = fs.existsSync(CHROMIUM);
const required = process.env.STRAP_REQUIRE_EDITORS === '1';
const skip = !available && !required ? `${CHROMIUM} is not installed (apt-get install chromium; STRAP_REQUIRE_EDITORS=1 makes this a failure)` : false;

test('the report in headless Chromium: overview, history chart, search, a package page, links', { skip, timeout: 180_000 }, async (t) => {
  assert.ok(available, `${CHROMIUM} is required (STRAP_REQUIRE_EDITORS=1) but missing`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-report-browser-'));
  t.diagnostic(`temp folder (screenshots): ${dir}`);

  // Two runs of the Debian fixture import (the README's screenshot is taken
  // of the same report): a week before, two more packages sat in a loop of
  // their own; then as imported.
  const { site, runs } = await twoRunReport(dir);
  assert.equal(runs.length, 2);
  assert.notEqual(runs[0].figures.stuck, runs[1].figures.stuck, 'the two runs differ');

  const browser = await launchChromium(dir);
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`fetched: ${r.url()}`); });
    await page.setViewport({ width: 1200, height: 900 });

    // The overview.
    await page.goto(pathToFileURL(path.join(site, 'index.html')).href, { waitUntil: 'load' });
    assert.equal(await page.title(), 'Bootstrap overview — strap bootstrap report');
    const percent = await page.$eval('[data-figure="percent"]', (e) => Number(e.dataset.value));
    assert.equal(percent, runs[1].figures.percentBootstrappable);
    // The history chart: a point per run, with the runs' values, in date order.
    for (const [series, value] of [['stuck', (s) => s.figures.stuck], ['largest', (s) => s.figures.clusters.largest], ['percent', (s) => s.figures.percentBootstrappable]]) {
      const points = await page.$$eval(`figure[data-series="${series}"] circle.point`, (cs) => cs.map((c) => ({ date: c.dataset.date, value: Number(c.dataset.value), x: Number(c.getAttribute('cx')) })));
      assert.deepEqual(points.map((p) => p.value), runs.map(value), series);
      assert.deepEqual(points.map((p) => p.date), runs.map((r) => r.date));
      assert.ok(points[0].x < points[1].x, 'later runs to the right');
    }
    await page.screenshot({ path: path.join(dir, 'overview.png'), fullPage: true });

    // The largest cycle cluster in one click.
    await Promise.all([page.waitForNavigation(), page.click('[data-figure="largest-cluster"] a')]);
    assert.match(await page.$eval('h1', (e) => e.textContent), /^Cycle cluster #1$/);
    const members = await page.$$eval('main table tbody tr', (rows) => rows.length);
    assert.equal(members, runs[1].figures.clusters.largest);

    // The packages in the most cycles: the ranking sorts by a click on its header.
    await page.goto(pathToFileURL(path.join(site, 'cycles/index.html')).href, { waitUntil: 'load' });
    const cyclesColumn = () => page.$$eval('#ranking-table tbody tr', (rows) => rows.map((r) => Number(r.cells[2].textContent.replace(/,/g, ''))));
    const ranked = await cyclesColumn();
    assert.ok(ranked.length > 0);
    assert.deepEqual(ranked, [...ranked].sort((a, b) => b - a), 'ranked by cycles, most first');
    await page.click('#ranking-table th:nth-child(3)');
    await page.click('#ranking-table th:nth-child(3)');
    assert.deepEqual(await cyclesColumn(), [...ranked].sort((a, b) => a - b), 'a second click sorts ascending');

    // The search finds a package; Enter opens its page.
    await page.type('#search', 'glib');
    await page.waitForSelector('#search-results li a');
    const found = await page.$$eval('#search-results li a', (as) => as.map((a) => a.firstChild.textContent));
    assert.ok(found.includes('glibc'), `search found ${found.join(', ')}`);
    assert.ok(found.every((n, i) => i === 0 || !n.startsWith('glib') || found[i - 1].startsWith('glib')), 'prefix matches first');
    await page.$eval('#search', (e) => { e.value = ''; });
    await page.type('#search', 'glibc');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.ok(page.url().endsWith('/pkg/glibc.html'), page.url());
    assert.equal(await page.$eval('h1', (e) => e.textContent), 'glibc');
    await page.screenshot({ path: path.join(dir, 'glibc.png'), fullPage: true });

    // Every link of the package page resolves to a page that loads.
    const links = await page.$$eval('a[href]', (as) => [...new Set(as.map((a) => a.href.split('#')[0]))]);
    assert.ok(links.length > 20);
    for (const link of links) {
      assert.ok(link.startsWith('file://'), link);
      assert.ok(fs.existsSync(new URL(link)), `${link} exists`);
    }
    for (const link of links.slice(0, 25)) {
      const response = await page.goto(link, { waitUntil: 'load' });
      assert.ok(response === null || response.ok(), link);
    }
    // A maintainer page from the package page.
    await page.goto(pathToFileURL(path.join(site, 'pkg/glibc.html')).href, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation(), page.click('main p a[href*="people/"]')]);
    assert.match(await page.$eval('h1', (e) => e.textContent), /GNU Libc Maintainers/);
    assert.ok(await page.$$eval('main a', (as) => as.some((a) => a.textContent === 'glibc')));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
  assert.ok(fs.statSync(path.join(dir, 'overview.png')).size > 10_000);
  // The screenshots stay in the temp folder; the rest goes.
  for (const sub of ['site', 'history', 'profile', 'debian.bootstrap.yaml']) fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
});
