// What the bootstrap report shows, computed from one workspace's analysis:
// the plan's figures (the same objects `strap plan --format json` prints),
// the unbroken cycle clusters ranked for "name and encourage", the fix-all's
// annotations per cluster, and each person's packages. Pure: analysis in,
// plain data out; the HTML writers only read it.

import type { WorkspaceAnalysis } from '../core/analysis';
import type { BootstrapPlan } from '../core/graph/plan';
import type { CyclePath, FixAllResult, FixAnnotation } from '../core/graph/types';
import type { PackageDecl } from '../core/model/file-model';
import { planFixAll } from '../core/graph/breaking';

export interface ReportFigures {
  /** Declared packages. */
  packages: number;
  prebuilt: number;
  /** Declared packages that get a full build (the plan's coverage count). */
  builtFully: number;
  stuck: number;
  stuckByReason: { cycle: number; dependsOnStuck: number; unknownDependency: number };
  /** The plan's coverage percentage, not rounded. */
  percentBootstrappable: number;
  waves: number;
  rebuilds: number;
  stages: { declared: number; used: number; unused: number };
  /** Unbroken cycle clusters: the strongly connected packages no bootstrap build breaks. */
  clusters: { count: number; largest: number; packagesInCycles: number; cyclesFound: number };
  /** Cycles that bootstrap stages or prebuilt packages already break. */
  brokenClusters: number;
  /** The fix-all (`strap fix`): its annotation count, and the lower bound when the core gives one. */
  fixAll: { annotations: number; lowerBound: number | null; resolved: boolean };
}

export interface Cluster {
  /** 1-based, by size (largest first), then lowest member. */
  id: number;
  /** Sorted. */
  members: string[];
  /** The shortest cycles found through its members. */
  cycles: CyclePath[];
  /** Whether every member's cycle is a shortest one (false only for huge clusters). */
  exact: boolean;
  /** Stuck packages outside the cluster whose builds need it, directly or through other stuck packages. */
  blocks: number;
  /** The fix-all's annotations on its members. */
  annotations: FixAnnotation[];
}

export interface RankedPackage {
  name: string;
  cluster: number;
  /** How many of the cycles found run through it. */
  cycles: number;
  /** The `blocks` of its cluster (every member of a cluster blocks the same packages). */
  blocks: number;
}

export interface PersonPackages {
  person: string;
  /** Names of the packages they maintain or upload, sorted. */
  packages: string[];
  inCycles: string[];
  stuck: string[];
}

export interface ReportModel {
  wa: WorkspaceAnalysis;
  plan: BootstrapPlan;
  figures: ReportFigures;
  /** Largest first. */
  clusters: Cluster[];
  /** Packages of the clusters, most cycles first, then most blocked, then name. */
  ranking: RankedPackage[];
  /** Cluster id of each member of an unbroken cluster. */
  clusterOf: Map<string, number>;
  /** Indices into the cluster's `cycles` of the cycles through each package. */
  cyclesThrough: Map<string, number[]>;
  /** The fix-all's annotation of each package it annotates. */
  fixOf: Map<string, FixAnnotation>;
  /** The declaration of every declared package. */
  decls: Map<string, PackageDecl>;
  /** People (maintainers and uploaders) with their packages, by name. */
  people: PersonPackages[];
  fixAll: FixAllResult;
}

/** The fix-all's lower bound, when the core's result carries one. */
function lowerBoundOf(result: FixAllResult): number | null {
  const bound = (result as FixAllResult & { lowerBound?: unknown }).lowerBound;
  return typeof bound === 'number' && Number.isFinite(bound) ? bound : null;
}

export function buildReportModel(wa: WorkspaceAnalysis): ReportModel {
  const plan = wa.plan;
  const graph = wa.graph;
  const cycles = wa.cycles;
  const decls = new Map<string, PackageDecl>(wa.workspace.packages);

  // The fix-all as `strap fix` computes it (no annotation when nothing is unbroken).
  const fixAll: FixAllResult = cycles.unbroken.length === 0 ? { annotations: [], resolved: true, lowerBound: 0, exact: true, dropped: 0, droppedLowerBound: 0 } : planFixAll(wa.specs, graph);

  // Clusters, largest first.
  const order = cycles.unbroken.map((c, i) => i).sort((a, b) => {
    const x = cycles.unbroken[a];
    const y = cycles.unbroken[b];
    return y.members.length - x.members.length || (x.members[0] < y.members[0] ? -1 : 1);
  });
  const clusterOf = new Map<string, number>();
  const clusters: Cluster[] = order.map((i, k) => {
    const c = cycles.unbroken[i];
    for (const m of c.members) clusterOf.set(m, k + 1);
    return { id: k + 1, members: c.members, cycles: c.cycles.map((cy) => ({ nodes: cy.nodes, edges: cy.edges })), exact: c.exact, blocks: 0, annotations: [] };
  });
  const fixOf = new Map<string, FixAnnotation>();
  for (const a of fixAll.annotations) {
    fixOf.set(a.package, a);
    const id = clusterOf.get(a.package);
    if (id !== undefined) clusters[id - 1].annotations.push(a);
  }

  const cyclesThrough = new Map<string, number[]>();
  for (const c of clusters) {
    c.cycles.forEach((cy, k) => {
      for (const n of new Set(cy.nodes)) {
        const list = cyclesThrough.get(n);
        if (list) list.push(k);
        else cyclesThrough.set(n, [k]);
      }
    });
  }

  countBlocked(plan, clusters);

  const ranking: RankedPackage[] = [];
  for (const c of clusters) {
    for (const m of c.members) ranking.push({ name: m, cluster: c.id, cycles: cyclesThrough.get(m)?.length ?? 0, blocks: c.blocks });
  }
  ranking.sort((a, b) => b.cycles - a.cycles || b.blocks - a.blocks || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const figures = figuresOf(wa, fixAll, clusters);
  const people = peopleOf(decls, plan, clusterOf);
  return { wa, plan, figures, clusters, ranking, clusterOf, cyclesThrough, fixOf, decls, people, fixAll };
}

function figuresOf(wa: WorkspaceAnalysis, fixAll: FixAllResult, clusters: Cluster[]): ReportFigures {
  const plan = wa.plan;
  const byReason = { cycle: 0, dependsOnStuck: 0, unknownDependency: 0 };
  for (const s of plan.stuck) {
    if (s.reason === 'cycle') byReason.cycle++;
    else if (s.reason === 'depends-on-stuck') byReason.dependsOnStuck++;
    else byReason.unknownDependency++;
  }
  let declaredStages = 0;
  for (const spec of wa.specs) declaredStages += new Set(spec.bootstrap.map((b) => b.stage)).size;
  const unused = plan.unusedStages.length;
  return {
    packages: plan.coverage.total,
    prebuilt: plan.prebuilt.length,
    builtFully: plan.coverage.count,
    stuck: plan.stuck.length,
    stuckByReason: byReason,
    percentBootstrappable: plan.coverage.percent,
    waves: plan.waves.length,
    rebuilds: plan.rebuilds.length,
    stages: { declared: declaredStages, used: declaredStages - unused, unused },
    clusters: {
      count: clusters.length,
      largest: clusters.length ? clusters[0].members.length : 0,
      packagesInCycles: clusters.reduce((n, c) => n + c.members.length, 0),
      cyclesFound: clusters.reduce((n, c) => n + c.cycles.length, 0),
    },
    brokenClusters: wa.cycles.broken.length,
    fixAll: { annotations: fixAll.annotations.length, lowerBound: lowerBoundOf(fixAll), resolved: fixAll.resolved },
  };
}

/**
 * For each cluster: the stuck packages outside it that its being unbuilt
 * blocks — walking back from its members over build-depends (into packages
 * never built in any form) and runtime depends (installing a package
 * installs what it depends on).
 */
function countBlocked(plan: BootstrapPlan, clusters: Cluster[]): void {
  const g = plan.graph;
  const walked = new Int32Array(g.size);
  const counted = new Int32Array(g.size);
  const stack = new Int32Array(g.size);
  clusters.forEach((c, k) => {
    const stamp = k + 1;
    let sp = 0;
    for (const m of c.members) {
      const i = g.index(m);
      if (i >= 0 && walked[i] !== stamp) {
        walked[i] = counted[i] = stamp;
        stack[sp++] = i;
      }
    }
    let blocked = 0;
    while (sp > 0) {
      const y = stack[--sp];
      // Whoever installs w installs y too.
      for (let e = g.rdepOffsets[y]; e < g.rdepOffsets[y + 1]; e++) {
        const w = g.rdepSources[e];
        if (walked[w] !== stamp) {
          walked[w] = stamp;
          stack[sp++] = w;
        }
      }
      // p's full build needs y; p blocks further only when it is built in no form at all.
      for (let e = g.rbdOffsets[y]; e < g.rbdOffsets[y + 1]; e++) {
        const p = g.rbdSources[e];
        if (counted[p] !== stamp) {
          counted[p] = stamp;
          if (g.declared[p] && plan.fullBuildWaveOf(p) < 0) blocked++;
        }
        if (walked[p] !== stamp && !plan.isAvailable(p)) {
          walked[p] = stamp;
          stack[sp++] = p;
        }
      }
    }
    c.blocks = blocked;
  });
}

/** Every person named as maintainer or uploader, with their packages in cycles and stuck. */
function peopleOf(decls: Map<string, PackageDecl>, plan: BootstrapPlan, clusterOf: Map<string, number>): PersonPackages[] {
  const byPerson = new Map<string, PersonPackages>();
  for (const d of decls.values()) {
    const names = new Set<string>();
    if (d.maintainer) names.add(d.maintainer.trim());
    for (const u of d.uploaders ?? []) names.add(u.trim());
    for (const person of names) {
      if (!person) continue;
      let entry = byPerson.get(person);
      if (!entry) byPerson.set(person, (entry = { person, packages: [], inCycles: [], stuck: [] }));
      entry.packages.push(d.name);
      if (clusterOf.has(d.name)) entry.inCycles.push(d.name);
      if (plan.isStuck(d.name)) entry.stuck.push(d.name);
    }
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const out = [...byPerson.values()];
  for (const p of out) {
    p.packages.sort(byName);
    p.inCycles.sort(byName);
    p.stuck.sort(byName);
  }
  return out.sort((a, b) => byName(a.person, b.person));
}

