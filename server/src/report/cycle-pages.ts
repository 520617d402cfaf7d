// "Name and encourage": the cycle clusters, the packages ranked by the cycles
// they sit in and the stuck packages they block, and one page per cluster
// with the fix-all's suggested annotations.

import type { CyclePath, FixAnnotation } from '../core/graph/types';
import type { Cluster } from './model';
import type { SiteContext } from './overview';
import { Page, clusterPath, esc, num, plural, shell, table } from './html';

/** Rows of the ranking shown on the cycles page; the rest are counted. */
export const RANKING_ROWS = 1000;
/** Cycles listed on a cluster page. */
export const CLUSTER_CYCLES = 200;

export function annotationText(page: Page, a: FixAnnotation, declared: (n: string) => boolean): string {
  const set = a.newSet.map((n) => page.pkg(n, declared)).join(', ');
  return `${page.pkg(a.package, declared)}: <code>build-depends-bootstrap${a.stage}</code> ${a.update ? 'becomes' : 'added'}: [${set}] <span class="muted">(builds without ${a.remove.map(esc).join(', ')})</span>`;
}

export function cyclePathHtml(page: Page, cycle: CyclePath, declared: (n: string) => boolean, limit = 40): string {
  const nodes = cycle.nodes;
  const shown = nodes.length <= limit ? nodes : [...nodes.slice(0, limit / 2), '…', ...nodes.slice(-limit / 2)];
  const parts = shown.map((n) => (n === '…' && nodes.length > limit ? `… ${num(nodes.length - limit)} more …` : page.pkg(n, declared)));
  return `<span class="path">${parts.join(' → ')} → ${page.pkg(nodes[0], declared)}</span>`;
}

export function cyclesIndexPage(ctx: SiteContext): string {
  const { model } = ctx;
  const page = new Page(1);
  if (model.clusters.length === 0) {
    const body = `<p class="ok">No unbroken build-dependency cycle.</p>${brokenSection(ctx, page)}`;
    return shell({ title: 'Cycles', page, section: 'cycles', footer: ctx.footer, body });
  }
  const clusterRows = model.clusters.map((c) => [
    page.link(clusterPath(c.id), `#${c.id}`),
    num(c.members.length),
    num(c.cycles.length),
    num(c.blocks),
    num(c.annotations.length),
    c.members.slice(0, 6).map((m) => page.pkg(m, ctx.declared)).join(', ') + (c.members.length > 6 ? ', …' : ''),
  ]);
  const rows = model.ranking.slice(0, RANKING_ROWS).map((r, k) => [
    String(k + 1),
    page.pkg(r.name, ctx.declared),
    num(r.cycles),
    num(r.blocks),
    page.link(clusterPath(r.cluster), `#${r.cluster}`),
    model.fixOf.has(r.name) ? 'yes' : '',
  ]);
  const inexact = model.clusters.filter((c) => !c.exact);
  const caveat = inexact.length
    ? `<p class="warn">${inexact.map((c) => page.link(clusterPath(c.id), `Cluster #${c.id}`)).join(', ')} ${inexact.length === 1 ? 'is' : 'are'} too large for an exact cycle search: past the search budget, cycles are found through tree roots, so the packages near those roots sit in more of the cycles found than a complete count would give them.</p>`
    : '';
  const more = model.ranking.length > RANKING_ROWS ? `<p class="muted">The first ${num(RANKING_ROWS)} of ${num(model.ranking.length)} packages in cycles; the cluster pages list every member.</p>` : '';
  const body = `<p>A cluster is a set of packages that all need each other to build (a strongly connected part of the build graph) and that no bootstrap stage or prebuilt package breaks yet. ${plural(model.clusters.length, 'cluster')}, ${plural(model.figures.clusters.packagesInCycles, 'package')}.</p>
<h2 id="clusters">Clusters</h2>
${table(['Cluster', 'Packages', 'Cycles found', 'Stuck packages blocked', 'Suggested annotations', 'Members'], clusterRows, { id: 'clusters-table', sortable: true, numeric: [1, 2, 3, 4] })}
<h2 id="ranking">Packages by the cycles they sit in</h2>
<p>Ranked by how many of the cycles found run through the package, then by how many stuck packages its cluster blocks. A package marked "fix" is one the fix-all annotates.</p>
${caveat}
${table(['Rank', 'Package', 'Cycles through it', 'Stuck packages blocked', 'Cluster', 'Fix'], rows, { id: 'ranking-table', sortable: true, numeric: [0, 2, 3] })}
${more}
${brokenSection(ctx, page)}`;
  return shell({ title: 'Cycles', page, section: 'cycles', footer: ctx.footer, body });
}

function brokenSection(ctx: SiteContext, page: Page): string {
  const broken = ctx.model.wa.cycles.broken;
  if (broken.length === 0) return '';
  const rows = broken.slice(0, 500).map((b) => [
    num(b.members.length),
    b.brokenBy.map((r) => `${page.pkg(r.package, ctx.declared)} ${r.stage === 'prebuilt' ? '(prebuilt)' : `(stage ${r.stage})`}`).join(', '),
    cyclePathHtml(page, b.cycle, ctx.declared, 12),
  ]);
  return `<h2 id="broken">Cycles already broken</h2>
<p>${plural(broken.length, 'cluster')} of the build graph whose cycles bootstrap stages or prebuilt packages break${broken.length > 500 ? ' (the first 500)' : ''}.</p>
${table(['Packages', 'Broken by', 'A cycle'], rows, { sortable: true, numeric: [0] })}`;
}

export function clusterPage(ctx: SiteContext, c: Cluster): string {
  const page = new Page(1);
  const model = ctx.model;
  const members = [...c.members]
    .map((m) => ({ m, cycles: model.cyclesThrough.get(m)?.length ?? 0 }))
    .sort((a, b) => b.cycles - a.cycles || (a.m < b.m ? -1 : 1));
  const memberRows = members.map(({ m, cycles }) => [page.pkg(m, ctx.declared), num(cycles), model.fixOf.has(m) ? 'yes' : '']);
  const annotations = c.annotations.length
    ? `<p>Breaking every cycle of this cluster (the fix-all of <code>strap fix</code> on the whole file):</p><ul>${c.annotations.map((a) => `<li>${annotationText(page, a, ctx.declared)}</li>`).join('')}</ul>`
    : '<p class="muted">The fix-all annotates no member of this cluster: annotations elsewhere make its members buildable.</p>';
  const cycles = c.cycles.slice(0, CLUSTER_CYCLES).map((cy) => `<li>${cyclePathHtml(page, cy, ctx.declared)}</li>`).join('');
  const body = `<p>${plural(c.members.length, 'package')}, ${plural(c.cycles.length, 'cycle')} found${c.exact ? '' : ' (not all of them shortest: the cluster is too large for an exact search)'}; ${plural(c.blocks, 'more stuck package')} wait for it.</p>
<h2>Suggested annotations</h2>
${annotations}
<h2>Members</h2>
${table(['Package', 'Cycles through it', 'Fix'], memberRows, { sortable: true, numeric: [1] })}
<h2>Cycles</h2>
<p>The shortest cycle found through each member${c.cycles.length > CLUSTER_CYCLES ? `; the first ${CLUSTER_CYCLES} of ${num(c.cycles.length)}` : ''}.</p>
<ol>${cycles}</ol>`;
  return shell({ title: `Cycle cluster #${c.id}`, page, section: 'cycles', footer: ctx.footer, body });
}
