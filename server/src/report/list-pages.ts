// The stuck packages with their reasons, the bootstrap stages the plan never
// uses, and the maintainers' pages.

import type { PersonPackages } from './model';
import type { SiteContext } from './overview';
import { stuckText } from './package-pages';
import { Page, clusterPath, esc, num, pager, personPath, plural, shell, table } from './html';

/** Stuck packages per page. */
export const STUCK_PAGE_SIZE = 1000;

const stuckPagePath = (k: number) => (k === 1 ? 'stuck/index.html' : `stuck/page-${k}.html`);

export function stuckPages(ctx: SiteContext): Array<[string, string]> {
  const { model } = ctx;
  const plan = model.plan;
  const stuck = plan.stuck;
  const count = Math.max(1, Math.ceil(stuck.length / STUCK_PAGE_SIZE));
  const f = model.figures;
  const out: Array<[string, string]> = [];
  for (let k = 1; k <= count; k++) {
    const page = new Page(1);
    const slice = stuck.slice((k - 1) * STUCK_PAGE_SIZE, k * STUCK_PAGE_SIZE);
    const rows = slice.map((s) => {
      const cluster = model.clusterOf.get(s.package);
      return [
        page.pkg(s.package, ctx.declared),
        esc(s.reason === 'cycle' ? 'in a cycle' : s.reason === 'unknown-dependency' ? 'unknown dependency' : 'waits for stuck'),
        stuckText(page, s, ctx.declared, 5),
        cluster !== undefined ? page.link(clusterPath(cluster), `#${cluster}`) : '',
      ];
    });
    const nav = pager(page, count, k, stuckPagePath);
    const summary = `<p>${plural(f.stuck, 'package')} never built fully: ${num(f.stuckByReason.cycle)} in unbroken cycles, ${num(f.stuckByReason.dependsOnStuck)} waiting for stuck packages, ${num(f.stuckByReason.unknownDependency)} needing packages nobody declares.</p>`;
    const stuckTable = slice.length ? `${nav}${table(['Package', 'Reason', 'Details', 'Cluster'], rows, { id: 'stuck-table', sortable: true })}${nav}` : '<p class="ok">No package is stuck.</p>';
    const unused = k === 1 ? unusedSection(ctx, page) : '';
    out.push([stuckPagePath(k), shell({ title: `Stuck and unused${count > 1 ? ` (page ${k} of ${count})` : ''}`, page, section: 'stuck', footer: ctx.footer, body: summary + '\n<h2 id="stuck">Stuck packages</h2>\n' + stuckTable + unused })]);
  }
  return out;
}

function unusedSection(ctx: SiteContext, page: Page): string {
  const unused = ctx.model.plan.unusedStages;
  const f = ctx.model.figures.stages;
  const rows = unused.map((u) => [page.pkg(u.package, ctx.declared), `<code>build-depends-bootstrap${u.stage}</code>`]);
  return `\n<h2 id="unused">Bootstrap stages never used</h2>
<p>${plural(f.declared, 'bootstrap stage')} declared, ${num(f.used)} used by the plan, ${num(f.unused)} never used (their package is built fully first, or the stage build itself cannot be built).</p>
${rows.length ? table(['Package', 'Stage'], rows, { id: 'unused-table', sortable: true }) : ''}`;
}

export function peopleIndexPage(ctx: SiteContext): string {
  const page = new Page(1);
  const people = ctx.model.people;
  if (people.length === 0) {
    const body = '<p class="muted">No package names a maintainer. Packages may carry <code>maintainer: "Name &lt;mail&gt;"</code> and <code>uploaders: [...]</code>; <code>strap import debian</code> keeps Debian\'s Maintainer and Uploaders.</p>';
    return shell({ title: 'Maintainers', page, section: 'people', footer: ctx.footer, body });
  }
  const ranked = [...people].sort((a, b) => b.inCycles.length - a.inCycles.length || b.stuck.length - a.stuck.length || (a.person < b.person ? -1 : 1));
  const rows = ranked.map((p) => [page.link(personPath(p.person), p.person), num(p.packages.length), num(p.inCycles.length), num(p.stuck.length)]);
  const body = `<p>${plural(people.length, 'maintainer or uploader', 'maintainers and uploaders')}, those with packages in cycles first. Each page lists their packages in cycles and stuck, to mail or link.</p>
${table(['Person', 'Packages', 'In cycles', 'Stuck'], rows, { id: 'people-table', sortable: true, numeric: [1, 2, 3] })}`;
  return shell({ title: 'Maintainers', page, section: 'people', footer: ctx.footer, body });
}

export function personPage(ctx: SiteContext, p: PersonPackages): string {
  const page = new Page(1);
  const { model } = ctx;
  const cycleRows = p.inCycles.map((n) => {
    const c = model.clusterOf.get(n)!;
    return [page.pkg(n, ctx.declared), page.link(clusterPath(c), `#${c}`), num(model.cyclesThrough.get(n)?.length ?? 0), model.fixOf.has(n) ? 'yes' : ''];
  });
  const stuckRows = p.stuck.map((n) => {
    const s = model.plan.stuckEntry(n)!;
    return [page.pkg(n, ctx.declared), stuckText(page, s, ctx.declared, 3)];
  });
  const listed = new Set([...p.inCycles, ...p.stuck]);
  const others = p.packages.filter((n) => !listed.has(n));
  const body = `<p>${plural(p.packages.length, 'package')}: ${num(p.inCycles.length)} in unbroken cycles, ${num(p.stuck.length)} stuck.</p>
<h2>In cycles</h2>
${cycleRows.length ? `<p>These packages sit in build-dependency loops no bootstrap stage breaks yet: a <code>build-depends-bootstrapN</code> set (Debian: a <code>&lt;!stageN&gt;</code> build profile) on one of them helps every package of the loop.</p>${table(['Package', 'Cluster', 'Cycles through it', 'In the fix-all'], cycleRows, { sortable: true, numeric: [2] })}` : '<p class="ok">None.</p>'}
<h2>Stuck</h2>
${stuckRows.length ? table(['Package', 'Why'], stuckRows, { sortable: true }) : '<p class="ok">None.</p>'}
<h2>Other packages</h2>
${others.length ? `<ul class="cols">${others.map((n) => `<li>${page.pkg(n, ctx.declared)}</li>`).join('')}</ul>` : '<p class="muted">None.</p>'}`;
  return shell({ title: p.person, page, section: 'people', footer: ctx.footer, body });
}
