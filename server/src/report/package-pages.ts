// One page per package (its relations, cycles, place in the plan and
// suggested annotation), and the per-letter index of all packages.

import type { StuckEntry } from '../core/graph/types';
import { WASHES_OUT_LIMIT } from '../core/render/plan';
import type { SiteContext } from './overview';
import { annotationText, cyclePathHtml } from './cycle-pages';
import { Page, clusterPath, esc, num, packagePath, pager, personPath, plural, shell, table } from './html';

/** Names listed in one relation list of a package page; the rest are counted. */
const RELATION_LIMIT = 100;
/** Packages per page of the index. */
export const INDEX_PAGE_SIZE = 1000;

export function stuckText(page: Page, s: StuckEntry, declared: (n: string) => boolean, limit = 20): string {
  const names = (list: string[]) => list.slice(0, limit).map((n) => page.pkg(n, declared)).join(', ') + (list.length > limit ? `, … ${num(list.length - limit)} more` : '');
  if (s.reason === 'cycle') {
    const others = s.cycle.filter((m) => m !== s.package);
    return `in an unbroken cycle with ${others.length ? names(others) : 'itself'}`;
  }
  if (s.reason === 'unknown-dependency') return `needs unknown ${s.unknown.length === 1 ? 'package' : 'packages'} ${s.unknown.map((n) => `<span class="unknown">${esc(n)}</span>`).join(', ')}`;
  return `waits for stuck ${names(s.blockedBy)}`;
}

function nameList(page: Page, names: readonly string[], declared: (n: string) => boolean): string {
  if (names.length === 0) return '<span class="muted">none</span>';
  const shown = names.slice(0, RELATION_LIMIT).map((n) => page.pkg(n, declared)).join(', ');
  return names.length > RELATION_LIMIT ? `${shown}, … ${num(names.length - RELATION_LIMIT)} more` : shown;
}

export function packagePage(ctx: SiteContext, name: string): string {
  const { model } = ctx;
  const page = new Page(1);
  const d = model.decls.get(name)!;
  const g = model.plan.graph;
  const i = g.index(name);
  const info = model.plan.info(name)!;
  const declared = ctx.declared;

  const status: string[] = [];
  if (info.prebuilt) status.push('prebuilt (present before the plan starts)');
  if (info.fullBuildWave !== null) status.push(`<span class="ok">built fully in wave ${info.fullBuildWave}</span>${info.tainted ? ' (against a bootstrap build)' : ''}`);
  if (info.stuck) status.push(`<span class="stuck">stuck</span>: ${stuckText(page, info.stuck, declared)}`);
  for (const sb of info.stageBuilds) status.push(`stage-${sb.stage} build in wave ${sb.wave}${sb.tainted ? ' (against a bootstrap build)' : ''}`);
  if (info.rebuildPosition !== null) {
    const washes = model.plan.rebuilds.length <= WASHES_OUT_LIMIT ? model.plan.washesOut(name) : null;
    status.push(`rebuilt at position ${info.rebuildPosition} of the rebuild phase${washes === null ? '' : washes.length ? `, washing out ${washes.map(esc).join(', ')}` : ''}`);
  }
  for (const st of info.unusedStages) status.push(`<span class="warn">build-depends-bootstrap${st} is never used</span>`);

  const people: string[] = [];
  if (d.maintainer) people.push(`<p>Maintainer: ${page.link(personPath(d.maintainer.trim()), d.maintainer)}</p>`);
  if (d.uploaders?.length) people.push(`<p>Uploaders: ${d.uploaders.map((u) => page.link(personPath(u.trim()), u)).join(', ')}</p>`);

  // Direct relations only: the reverse lists come from the graph's CSR arrays (cheap at archive size).
  const neededBy: string[] = [];
  for (let e = g.rbdOffsets[i]; e < g.rbdOffsets[i + 1]; e++) neededBy.push(g.names[g.rbdSources[e]]);
  const dependedOnBy: string[] = [];
  for (let e = g.rdepOffsets[i]; e < g.rdepOffsets[i + 1]; e++) dependedOnBy.push(g.names[g.rdepSources[e]]);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  neededBy.sort(byName);
  dependedOnBy.sort(byName);
  const relations = [
    ['Build-depends on', nameList(page, d.buildDepends.map((r) => r.name), declared)],
    ...d.bootstrap.map((b) => [`build-depends-bootstrap${b.stage}`, nameList(page, b.items.map((r) => r.name), declared)]),
    ['Depends on (runtime)', nameList(page, d.depends.map((r) => r.name), declared)],
    ['Build-depended on by', nameList(page, neededBy, declared)],
    ['Depended on at runtime by', nameList(page, dependedOnBy, declared)],
  ];

  const sections: string[] = [];
  const clusterId = model.clusterOf.get(name);
  if (clusterId !== undefined) {
    const c = model.clusters[clusterId - 1];
    const through = model.cyclesThrough.get(name) ?? [];
    sections.push(`<h2>Cycles</h2><p>Member of ${page.link(clusterPath(clusterId), `cycle cluster #${clusterId}`)} (${plural(c.members.length, 'package')}); ${plural(through.length, 'of its cycles runs', 'of its cycles run')} through ${esc(name)}; ${plural(c.blocks, 'more stuck package')} wait for the cluster.</p>`
      + `<ol>${through.slice(0, 20).map((k) => `<li>${cyclePathHtml(page, c.cycles[k], declared)}</li>`).join('')}</ol>${through.length > 20 ? `<p class="muted">… ${num(through.length - 20)} more on the cluster page.</p>` : ''}`);
  } else {
    const b = model.wa.cycles.brokenByMember.get(name);
    if (b !== undefined) {
      const bc = model.wa.cycles.broken[b];
      sections.push(`<h2>Cycles</h2><p>In a cycle already broken by ${bc.brokenBy.map((r) => `${page.pkg(r.package, declared)} ${r.stage === 'prebuilt' ? '(prebuilt)' : `(stage ${r.stage})`}`).join(', ')}:</p><p>${cyclePathHtml(page, bc.cycle, declared)}</p>`);
    }
  }
  const fix = model.fixOf.get(name);
  if (fix) sections.push(`<h2>Suggested annotation</h2><p>Part of the fix-all (<code>strap fix</code>): ${annotationText(page, fix, declared)}</p>`);

  const file = ctx.fileOf(d.uri);
  const body = `${d.description ? `<p>${esc(d.description)}</p>` : ''}${people.join('')}
<p class="muted">Declared in ${esc(file)}.</p>
<h2>In the plan</h2>
<ul id="plan-status">${status.map((s) => `<li>${s}</li>`).join('') || '<li class="muted">never built</li>'}</ul>
${sections.join('\n')}
<h2>Relations</h2>
${table(['', 'Packages'], relations.map(([k, v]) => [esc(k), v]))}`;
  return shell({ title: name, page, section: 'packages', footer: ctx.footer, body });
}

/** The first character of a name, for the index ('other' for anything but a letter or digit). */
export function indexKey(name: string): string {
  const c = name.charAt(0).toLowerCase();
  return /[a-z0-9]/.test(c) ? c : 'other';
}

export function indexPagePath(key: string, k: number): string {
  return `packages/${key}${k > 1 ? `-${k}` : ''}.html`;
}

/** Packages grouped by first character, each group cut into pages. */
export function indexGroups(names: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const key = indexKey(n);
    const list = groups.get(key);
    if (list) list.push(n);
    else groups.set(key, [n]);
  }
  const sorted = new Map([...groups.entries()].sort(([a], [b]) => (a === 'other' ? 1 : b === 'other' ? -1 : a < b ? -1 : 1)));
  for (const list of sorted.values()) list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted;
}

function statusCell(ctx: SiteContext, name: string): [string, string] {
  const m = ctx.model;
  const s = m.plan.stuckEntry(name);
  if (s) return [s.reason === 'cycle' ? 'in a cycle' : s.reason === 'unknown-dependency' ? 'unknown dependency' : 'waits for stuck', 'stuck'];
  const wave = m.plan.fullBuildWaveOf(m.plan.graph.index(name));
  return [`wave ${wave}`, 'ok'];
}

export function lettersNav(page: Page, groups: Map<string, string[]>, current?: string): string {
  return `<p class="letters">${[...groups.entries()].map(([key, list]) => (key === current ? `<strong>${esc(key)}</strong>` : page.link(indexPagePath(key, 1), key, `title="${esc(plural(list.length, 'package'))}"`))).join(' ')}</p>`;
}

export function packagesIndexPage(ctx: SiteContext, groups: Map<string, string[]>): string {
  const page = new Page(1);
  const rows = [...groups.entries()].map(([key, list]) => [page.link(indexPagePath(key, 1), key), num(list.length)]);
  const body = `<p>${plural(ctx.model.figures.packages, 'package')}, by first letter.</p>${lettersNav(page, groups)}${table(['Letter', 'Packages'], rows, { numeric: [1] })}`;
  return shell({ title: 'Packages', page, section: 'packages', footer: ctx.footer, body });
}

export function letterPages(ctx: SiteContext, groups: Map<string, string[]>, key: string, names: string[]): Array<[string, string]> {
  const page = new Page(1);
  const count = Math.max(1, Math.ceil(names.length / INDEX_PAGE_SIZE));
  const out: Array<[string, string]> = [];
  for (let k = 1; k <= count; k++) {
    const slice = names.slice((k - 1) * INDEX_PAGE_SIZE, k * INDEX_PAGE_SIZE);
    const rows = slice.map((n) => {
      const [status, cls] = statusCell(ctx, n);
      const cluster = ctx.model.clusterOf.get(n);
      const d = ctx.model.decls.get(n)!;
      return [page.pkg(n, ctx.declared), `<span class="${cls}">${esc(status)}</span>`, cluster !== undefined ? page.link(clusterPath(cluster), `#${cluster}`) : '', d.maintainer ? esc(d.maintainer) : ''];
    });
    const nav = pager(page, count, k, (j) => indexPagePath(key, j));
    const body = `${lettersNav(page, groups, key)}${nav}${table(['Package', 'Plan', 'Cluster', 'Maintainer'], rows, { sortable: true })}${nav}`;
    out.push([indexPagePath(key, k), shell({ title: `Packages: ${key}${count > 1 ? ` (page ${k} of ${count})` : ''}`, page, section: 'packages', footer: ctx.footer, body })]);
  }
  return out;
}

export { packagePath };
