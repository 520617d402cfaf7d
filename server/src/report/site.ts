// The whole static site, as a sequence of [relative path, content] pairs the
// caller writes out one by one (an archive-sized report has tens of thousands
// of pages: none of them is kept after it is yielded).

import type { ReportModel } from './model';
import type { ReportSummary } from './summary';
import { REPORT_CSS, REPORT_JS, searchIndexScript } from './assets';
import { clusterPage, cyclesIndexPage } from './cycle-pages';
import { esc, packagePath, personPath, resetLinks } from './html';
import { historyPage, overviewPage, type SiteContext } from './overview';
import { indexGroups, letterPages, packagePage, packagesIndexPage } from './package-pages';
import { peopleIndexPage, personPage, stuckPages } from './list-pages';

export interface SiteInput {
  model: ReportModel;
  summary: ReportSummary;
  runs: ReportSummary[];
  keepsHistory: boolean;
  /** A workspace file (by URI) as shown to people. */
  fileOf: (uri: string) => string;
}

export function* reportSite(input: SiteInput): Generator<[string, string]> {
  const { model, summary } = input;
  resetLinks();
  const names = [...model.decls.keys()];
  const footer = `Made by <code>strap report</code> on ${esc(summary.date)} from ${summary.input.files.map((f) => `<code>${esc(f)}</code>`).join(', ')} (sha256 <code>${esc(summary.input.sha256.slice(0, 16))}</code>). Figures as in <code>strap plan --format json</code>.`;
  const ctx: SiteContext = {
    model,
    summary,
    runs: input.runs,
    keepsHistory: input.keepsHistory,
    footer,
    declared: (n) => model.decls.has(n),
    fileOf: input.fileOf,
  };

  yield ['assets/report.css', REPORT_CSS];
  yield ['assets/report.js', REPORT_JS];
  yield ['assets/search-index.js', searchIndexScript(
    names.map((n) => [n, packagePath(n)]),
    model.people.map((p) => [p.person, personPath(p.person)]),
  )];
  yield ['index.html', overviewPage(ctx)];
  yield ['history.html', historyPage(ctx)];
  yield ['summary.json', JSON.stringify(summary, null, 2) + '\n'];
  yield ['cycles/index.html', cyclesIndexPage(ctx)];
  for (const c of model.clusters) yield [`cycles/cluster-${c.id}.html`, clusterPage(ctx, c)];
  for (const page of stuckPages(ctx)) yield page;
  const groups = indexGroups(names);
  yield ['packages/index.html', packagesIndexPage(ctx, groups)];
  for (const [key, list] of groups) for (const page of letterPages(ctx, groups, key, list)) yield page;
  for (const n of names) yield [packagePath(n), packagePage(ctx, n)];
  yield ['people/index.html', peopleIndexPage(ctx)];
  for (const p of model.people) yield [personPath(p.person), personPage(ctx, p)];
}
