// The overview page (the figures, the worst offenders, the progress chart)
// and the history page (every run's figures).

import type { ReportModel } from './model';
import type { ReportSummary } from './summary';
import { historyCharts } from './chart';
import { Page, clusterPath, esc, num, packagePath, percent, plural, shell, table } from './html';

export interface SiteContext {
  model: ReportModel;
  summary: ReportSummary;
  /** The runs to chart, this one included. */
  runs: ReportSummary[];
  /** Whether runs are kept (--history was given). */
  keepsHistory: boolean;
  footer: string;
  declared: (name: string) => boolean;
  /** A file of the workspace (by URI) as shown to people. */
  fileOf: (uri: string) => string;
}

function figure(id: string, label: string, value: number | string, shown: string, note = ''): string {
  return `<div><dt>${esc(label)}</dt><dd data-figure="${esc(id)}" data-value="${esc(value)}">${shown}${note ? ` <small>${note}</small>` : ''}</dd></div>`;
}

export function fixAllText(f: ReportModel['figures']['fixAll']): string {
  const n = plural(f.annotations, 'annotation');
  return f.lowerBound === null ? n : `${n}; at least ${num(f.lowerBound)} ${f.lowerBound === 1 ? 'is' : 'are'} needed`;
}

export function overviewPage(ctx: SiteContext): string {
  const { model } = ctx;
  const f = model.figures;
  const page = new Page(0);
  const largest = model.clusters[0];
  const stuckNote = [
    f.stuckByReason.cycle ? `${num(f.stuckByReason.cycle)} in cycles` : '',
    f.stuckByReason.dependsOnStuck ? `${num(f.stuckByReason.dependsOnStuck)} wait for stuck ones` : '',
    f.stuckByReason.unknownDependency ? `${num(f.stuckByReason.unknownDependency)} need unknown packages` : '',
  ].filter(Boolean).join(', ');
  const figures = `<dl class="figures">
${figure('packages', 'Packages', f.packages, num(f.packages))}
${figure('prebuilt', 'Prebuilt', f.prebuilt, num(f.prebuilt))}
${figure('built-fully', 'Built fully', f.builtFully, num(f.builtFully))}
${figure('percent', 'Can be bootstrapped', f.percentBootstrappable, `${percent(f.percentBootstrappable)}%`)}
${figure('stuck', 'Stuck', f.stuck, page.link('stuck/index.html', num(f.stuck)), esc(stuckNote))}
${figure('waves', 'Waves', f.waves, num(f.waves))}
${figure('rebuilds', 'Rebuilds', f.rebuilds, num(f.rebuilds))}
${figure('stages-declared', 'Bootstrap stages declared', f.stages.declared, num(f.stages.declared), `${num(f.stages.used)} used`)}
${figure('stages-unused', 'Bootstrap stages never used', f.stages.unused, page.link('stuck/index.html#unused', num(f.stages.unused)))}
${figure('clusters', 'Unbroken cycle clusters', f.clusters.count, page.link('cycles/index.html', num(f.clusters.count)), `${num(f.brokenClusters)} more already broken`)}
${figure('largest-cluster', 'Largest cluster', f.clusters.largest, largest ? page.link(clusterPath(largest.id), plural(f.clusters.largest, 'package')) : '0')}
${figure('in-cycles', 'Packages in cycles', f.clusters.packagesInCycles, num(f.clusters.packagesInCycles))}
${figure('fix-all', 'Fix-all (strap fix)', f.fixAll.annotations, esc(fixAllText(f.fixAll)))}
</dl>`;

  const top = model.ranking.slice(0, 10);
  const ranking = top.length
    ? `<h2>Packages in the most cycles</h2>
<p>Breaking a cycle at one of these breaks many at once. ${page.link('cycles/index.html#ranking', 'The whole ranking')}.</p>
${table(['Package', 'Cycles through it', 'Stuck packages it blocks', 'Cluster'], top.map((r) => [page.pkg(r.name, ctx.declared), num(r.cycles), num(r.blocks), page.link(clusterPath(r.cluster), `#${r.cluster}`)]), { id: 'top-ranking', numeric: [1, 2] })}`
    : '<h2>Cycles</h2><p class="ok">No unbroken build-dependency cycle: every cycle is broken by a bootstrap stage or a prebuilt package.</p>';

  const history = ctx.runs.length > 1
    ? `<h2>Progress</h2><p>${plural(ctx.runs.length, 'run')} since ${esc(ctx.runs[0].date.slice(0, 10))}. ${page.link('history.html', 'All runs')}.</p>${historyCharts(ctx.runs)}`
    : `<h2>Progress</h2><p class="muted">${ctx.keepsHistory ? 'This is the first run kept; the chart appears from the second run on a changed input.' : 'Run with <code>--history DIR</code> to keep one summary per run and chart the progress.'} ${page.link('history.html', 'History')}.</p>`;

  return shell({ title: 'Bootstrap overview', page, section: 'overview', footer: ctx.footer, body: figures + '\n' + history + '\n' + ranking });
}

export function historyPage(ctx: SiteContext): string {
  const page = new Page(0);
  const rows = [...ctx.runs].reverse().map((r) => [
    esc(r.date),
    `<code title="${esc(r.input.sha256)}">${esc(r.input.sha256.slice(0, 12))}</code>${r.input.sha256 === ctx.summary.input.sha256 ? ' <small>(this report)</small>' : ''}`,
    num(r.figures.packages),
    `${percent(r.figures.percentBootstrappable)}%`,
    num(r.figures.stuck),
    num(r.figures.clusters.largest),
    num(r.figures.clusters.packagesInCycles),
    num(r.figures.fixAll.annotations),
  ]);
  const body = `${historyCharts(ctx.runs)}
${table(['Date', 'Input', 'Packages', 'Can be bootstrapped', 'Stuck', 'Largest cluster', 'In cycles', 'Fix-all'], rows, { id: 'runs', sortable: true, numeric: [2, 3, 4, 5, 6, 7] })}
<p class="muted">${ctx.keepsHistory ? 'One summary per input is kept in the history folder; re-running on the same input adds no point.' : 'Without <code>--history DIR</code> only this run is shown.'}</p>`;
  return shell({ title: 'History', page, section: 'history', footer: ctx.footer, body });
}

export { packagePath };
