// A debian/control file placed in the archive's build graph: the edited
// control replaces its source's entry, and the cycles the source sits in
// become diagnostics on its Build-Depends entries, with quick fixes written
// the Debian way (add `<!stage1>` to the entries that lead back).
//
// The archive is loaded and analysed once (graph, bootstrap phase, SCCs);
// each edit resolves only the edited source's entries against the binary
// index, and is analysed again only when its resolved sets changed (results
// are kept per set). When only the stage sets of the source change (the
// usual edit: adding `<!stage1>`), the graph is the archive's with that
// source's bootstrap sets replaced (`withStages`: the build edges and their
// SCCs are shared); a changed full set rebuilds the graph.
//
// Vocabulary: the source's *cluster* is its strongly connected component
// among the packages the plan never builds (an unbroken cycle), or, when its
// cycles are broken, its component of the whole build graph.

import * as YAML from 'yaml';
import type { CoreDiagnostic, Fix, OffsetEdit } from '../types';
import { buildGraph, type BuildGraph, type PackageSpec, runBootstrapPhase, shortestCycleThrough } from '../graph';
import type { BootstrapState } from '../graph/plan';
import { AvailabilityFixpoint } from '../graph/availability';
import { ArchiveBase, ancestorsOf, unbuiltMask } from './source-placement';
import { BinaryIndex, resolveArchive, resolveGroup } from '../../import/debian/resolve';
import { parsePackages, parseSources } from '../../import/debian/archive';
import { parseRelation, type EvalContext, type Relation } from '../../import/debian/relations';
import type { ControlArchiveView } from './index';
import type { ControlModel } from './control-model';
import type { AlternativeAt, EntryAt } from './relation-syntax';
import { formatFormula, withoutProfile } from './profiles';

const BUILD_DEPENDS = new Set(['build-depends', 'build-depends-arch', 'build-depends-indep']);

/** One Build-Depends entry of the edited control, with what it resolves to in the full build. */
interface ResolvedEntry {
  field: string;
  entry: EntryAt;
  /** The source its first applicable existing alternative belongs to (full build), if any. */
  source?: string;
  /** The binary name chosen. */
  binary?: string;
  /** The parsed alternatives, in order (for stage evaluation). */
  relations: Relation[];
}

interface EditAnalysis {
  /** Node indices, names and runtime closures (the archive's graph: an edit changes no runtime dependency). */
  graph: BuildGraph;
  /** The graph with the source's edited lists (built on first use: hover only). */
  editedGraph(): BuildGraph;
  /** Available at the end of the bootstrap phase (unknown names assumed available). */
  avail: Uint8Array;
  /** The bootstrap phase itself, run on first read (hover's waves). */
  state(): BootstrapState;
  node: number;
  /** The unbroken cluster of the source (node indices), empty when its cycles are broken or it has none. */
  unbroken: Set<number>;
  /** Its component of the whole build graph (node indices), empty when on no cycle. */
  component: Set<number>;
  /** Built in a stage build by the plan. */
  stageBuilt: number[];
  /** The source's bootstrap sets as the edited control declares them. */
  stageSets: PackageSpec['bootstrap'];
  /** The layered nodes that reach build(source) through sources never built only (while it is not built). */
  unbuiltAncestors(): Uint8Array;
}

export interface ArchiveInput {
  /** A Sources index (with packagesText): the archive is imported as `strap import debian` does. */
  sourcesText?: string;
  /** A file written by `strap import debian` (with packagesText, for binary names). */
  bootstrapText?: string;
  packagesText: string;
  arch?: string;
  /**
   * Analyse every edit by rebuilding the archive's graph and running the
   * bootstrap phase on all of it (seconds on a whole archive): the reference
   * the incremental analysis is tested against.
   */
  fromScratch?: boolean;
}

export class ControlArchive implements ControlArchiveView {
  readonly arch: string;
  readonly index: BinaryIndex;
  readonly specs: PackageSpec[];
  private readonly specByName = new Map<string, PackageSpec>();
  private readonly baseGraph: BuildGraph;
  private readonly fromScratch: boolean;
  /** What the incremental analysis keeps per archive (made on the first edit analysed). */
  private base: ArchiveBase | undefined;
  /** Analyses by the source's lists (name, full set, stage sets): a text-only or repeated edit re-uses one. */
  private readonly cache = new Map<string, EditAnalysis>();
  private binaryNames: string[] | undefined;

  constructor(input: ArchiveInput) {
    this.arch = input.arch ?? 'amd64';
    const packages = parsePackages(input.packagesText);
    this.index = new BinaryIndex(packages.binaries);
    if (input.bootstrapText !== undefined) this.specs = specsOfBootstrapFile(input.bootstrapText);
    else if (input.sourcesText !== undefined) {
      // The smaller prebuilt core (Essential, build-essential and their runtime
      // closure), not the importer's default (botch's minimal set, which adds
      // debhelper's runtime closure): a maintainer editing m4, gettext, groff,
      // … sees the cycles their build dependencies close through debhelper.
      const res = resolveArchive(parseSources(input.sourcesText).sources, packages.binaries, { arch: this.arch, profiles: [], core: 'essential' });
      // The importer names binaries (and lists each binary's depends); this context
      // works on sources: a name that is a package is that source, else the
      // source building the binary; runtime depends are joined per source.
      const sources = new Set(res.packages.map((p) => p.name));
      const toSource = (n: string): string => (sources.has(n) ? n : this.index.sourceOf(n) ?? n);
      const sourceList = (list: readonly string[], self?: string): string[] =>
        [...new Set(list.map(toSource))].filter((x) => x !== self).sort();
      this.specs = res.packages.map((p) => ({
        name: p.name,
        buildDepends: sourceList(p.buildDepends),
        depends: sourceList([...p.depends, ...p.binaries.flatMap((b) => b.depends)], p.name),
        bootstrap: [...p.bootstrap].map(([stage, buildDepends]) => ({ stage, buildDepends: sourceList(buildDepends) })),
        prebuilt: p.prebuilt,
      }));
    } else throw new Error('an archive needs a Sources index or a strap bootstrap file, and a Packages index');
    for (const s of this.specs) this.specByName.set(s.name, s);
    this.baseGraph = buildGraph(this.specs);
    this.fromScratch = input.fromScratch === true;
  }

  /** Does the work that does not depend on any edited source now (on load) rather than on the first edit. */
  prepare(): this {
    if (!this.fromScratch) this.base ??= new ArchiveBase(this.baseGraph);
    return this;
  }

  packageNames(): Iterable<string> {
    this.binaryNames ??= [...this.index.binaries.keys()].sort();
    return this.binaryNames;
  }

  /** The control's Build-Depends entries resolved in the full build, as the importer resolves them. */
  private resolveEntries(model: ControlModel): ResolvedEntry[] {
    const ctx: EvalContext = { arch: this.arch, profiles: new Set() };
    const out: ResolvedEntry[] = [];
    for (const rel of model.relations) {
      if (rel.stanza !== model.source || !BUILD_DEPENDS.has(rel.field.lower)) continue;
      for (const entry of rel.parsed.entries) {
        const relations: Relation[] = [];
        for (const alt of entry.alternatives) {
          const r = parseRelation(altText(model, alt));
          if (r) relations.push(r);
        }
        const res = resolveGroup(relations, ctx, this.index);
        out.push({
          field: rel.field.name,
          entry,
          relations,
          source: res.kind === 'resolved' ? res.source : undefined,
          binary: res.kind === 'resolved' ? res.relation.name : undefined,
        });
      }
    }
    return out;
  }

  /** The source's spec as the edited control declares it (runtime dependencies and prebuilt from the archive). */
  private specOf(name: string, entries: ResolvedEntry[]): PackageSpec {
    const setFor = (profiles: Set<string>): string[] => {
      const ctx: EvalContext = { arch: this.arch, profiles };
      const out = new Set<string>();
      for (const e of entries) {
        const r = resolveGroup(e.relations, ctx, this.index);
        if (r.kind === 'resolved') out.add(r.source);
      }
      return [...out].sort();
    };
    const full = setFor(new Set());
    const stages = new Set<number>();
    for (const e of entries) for (const r of e.relations) for (const l of r.profiles ?? []) for (const t of l) {
      const m = /^stage([1-9][0-9]*)$/.exec(t.name);
      if (m) stages.add(Number(m[1]));
    }
    const bootstrap: PackageSpec['bootstrap'] = [];
    for (const n of [...stages].sort((a, b) => a - b)) {
      const set = setFor(new Set([`stage${n}`]));
      if (set.join('\u0000') !== full.join('\u0000')) bootstrap.push({ stage: n, buildDepends: set });
    }
    const known = this.specByName.get(name);
    return { name, buildDepends: full, depends: known?.depends ?? [], bootstrap, prebuilt: known?.prebuilt ?? false };
  }

  private analyse(spec: PackageSpec): EditAnalysis {
    const key = JSON.stringify([spec.name, spec.buildDepends, spec.bootstrap]);
    const known = this.cache.get(key);
    if (known) {
      this.cache.delete(key);
      this.cache.set(key, known);
      return known;
    }
    const v = this.baseGraph.index(spec.name);
    const result = !this.fromScratch && v >= 0 && this.baseGraph.declared[v] === 1 ? this.analyseInPlace(v, spec) : this.analyseFromScratch(spec);
    if (this.cache.size >= 32) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, result);
    return result;
  }

  /** A source of the archive: placed incrementally in the archive's graph (source-placement.ts). */
  private analyseInPlace(v: number, spec: PackageSpec): EditAnalysis {
    const base = this.baseGraph;
    const nodes = (names: readonly string[]): Int32Array => {
      const out: number[] = [];
      for (const x of names) {
        const j = base.index(x);
        if (j >= 0) out.push(j);
      }
      return Int32Array.from(out);
    };
    this.base ??= new ArchiveBase(base);
    const placement = this.base.placementOf(v);
    const p = placement.place({ full: nodes(spec.buildDepends), stages: spec.bootstrap.map((s) => ({ stage: s.stage, entries: nodes(s.buildDepends) })) });
    let edited: BuildGraph | undefined;
    const editedGraph = (): BuildGraph => (edited ??= this.graphWith(spec));
    let state: BootstrapState | undefined;
    return {
      graph: base,
      editedGraph,
      avail: p.avail,
      state: () => (state ??= runBootstrapPhase(editedGraph(), { assumeUnknownAvailable: true })),
      node: v,
      unbroken: p.unbroken,
      component: p.component,
      stageBuilt: p.stageBuilt,
      stageSets: spec.bootstrap,
      unbuiltAncestors: () => placement.unbuiltAncestors(),
    };
  }

  /** The archive's graph with the source's spec replaced (or added). */
  private graphWith(spec: PackageSpec): BuildGraph {
    const base = this.baseGraph;
    const old = this.specByName.get(spec.name);
    const v = base.index(spec.name);
    if (old && v >= 0 && base.declared[v] === 1 && old.buildDepends.join('\u0000') === spec.buildDepends.join('\u0000') && spec.bootstrap.every((b) => b.buildDepends.every((x) => base.index(x) >= 0))) {
      return base.withStages(new Map([[v, spec.bootstrap]]));
    }
    return buildGraph(old ? this.specs.map((s) => (s.name === spec.name ? spec : s)) : [...this.specs, spec]);
  }

  /** The reference: the archive's graph rebuilt with the source's spec, and the bootstrap phase run on all of it. */
  private analyseFromScratch(spec: PackageSpec): EditAnalysis {
    const graph = this.graphWith(spec);
    const fp = new AvailabilityFixpoint(graph, true);
    const avail = fp.avail;
    const node = graph.index(spec.name);
    const unbroken = node >= 0 ? clusterOf(graph, node, avail) : new Set<number>();
    const component = new Set<number>();
    if (node >= 0) {
      const scc = graph.scc();
      const c = scc.compOf[node];
      if (c >= 0 && scc.nonTrivial[c]) for (let k = scc.offsets[c]; k < scc.offsets[c + 1]; k++) component.add(scc.members[k]);
    }
    // Its usable stage sets: available through one of them rather than a full build.
    const stageBuilt: number[] = [];
    const kahn = fp.kahn;
    if (node >= 0 && avail[node] && !fp.full[node]) {
      for (let se = 0; se < kahn.seOwner.length; se++) if (kahn.seOwner[se] === node && kahn.seMissing[se] === 0) stageBuilt.push(kahn.seStage[se]);
      stageBuilt.sort((x, y) => x - y);
    }
    let state: BootstrapState | undefined;
    let ancestors: Uint8Array | undefined;
    const unbuiltAncestors = (): Uint8Array => (ancestors ??= ancestorsOf(graph, node, unbuiltMask(graph, avail)));
    return { graph, editedGraph: () => graph, avail, state: () => (state ??= runBootstrapPhase(graph, { assumeUnknownAvailable: true })), node, unbroken, component, stageBuilt, stageSets: spec.bootstrap, unbuiltAncestors };
  }

  /** Does entry q (a source) lead into `cluster`: q itself in it, or its runtime closure reaching it? */
  private leadsInto(a: EditAnalysis, q: string, cluster: Set<number>): boolean {
    return this.remember(cluster, `leads\u0000${q}`, () => this.computeLeadsInto(a, q, cluster));
  }

  /**
   * Per entry source, what depends only on a cluster (or an availability array)
   * and the graph is kept with that object: the placement hands the same Set
   * to every edit with the same cluster, so an edit re-uses what the last ones found.
   */
  private readonly memo = new WeakMap<object, Map<string, unknown>>();

  private remember<T>(owner: object, key: string, compute: () => T): T {
    let map = this.memo.get(owner);
    if (!map) this.memo.set(owner, (map = new Map()));
    if (!map.has(key)) map.set(key, compute());
    return map.get(key) as T;
  }

  private computeLeadsInto(a: EditAnalysis, q: string, cluster: Set<number>): boolean {
    const j = a.graph.index(q);
    if (j < 0) return false;
    if (cluster.has(j)) return true;
    for (const x of a.graph.closureOf(j)) if (cluster.has(x)) return true;
    return false;
  }

  /** q and the sources its installation pulls in that the plan never makes available. */
  private unavailableInputs(a: EditAnalysis, q: string): string[] {
    return this.remember(a.avail, `inputs\u0000${q}`, () => {
      const known: string[] = [];
      const j = a.graph.index(q);
      if (j >= 0) {
        if (!a.avail[j]) known.push(q);
        for (const x of a.graph.closureOf(j)) if (!a.avail[x] && a.graph.declared[x] && x !== j) known.push(a.graph.names[x]);
      }
      return known;
    });
  }

  /** A shortest path from q back to the source inside the cluster (names), for messages. */
  private pathBack(a: EditAnalysis, q: string, cluster: Set<number>): string[] | undefined {
    // The search stops at the source without following its edges: the cluster and q decide the path.
    return this.remember(cluster, `path\u0000${q}`, () => this.computePathBack(a, q, cluster));
  }

  private computePathBack(a: EditAnalysis, q: string, cluster: Set<number>): string[] | undefined {
    // Breadth-first on the layered graph (build node P -> install node of each of
    // its build dependencies; install node Q -> build node Q and the install nodes
    // of Q's runtime dependencies), from q's install node to the source's build
    // node, through build nodes of the cluster only. Returns the build nodes passed.
    const g = a.graph;
    const n = g.size;
    const start = g.index(q);
    if (start < 0) return undefined;
    const l = g.layered();
    const prev = new Int32Array(2 * n).fill(-2);
    const queue = new Int32Array(2 * n);
    let head = 0;
    let tail = 0;
    prev[n + start] = -1;
    queue[tail++] = n + start;
    while (head < tail) {
      const v = queue[head++];
      if (v === a.node) {
        const path: string[] = [];
        for (let x = v; x !== -1; x = prev[x]) if (x < n) path.unshift(g.names[x]);
        return path;
      }
      for (let e = l.offsets[v]; e < l.offsets[v + 1]; e++) {
        const w = l.targets[e];
        if (prev[w] !== -2) continue;
        if (w < n && !cluster.has(w)) continue;
        prev[w] = v;
        queue[tail++] = w;
      }
    }
    return undefined;
  }

  diagnostics(uri: string, model: ControlModel): CoreDiagnostic[] {
    const name = model.sourceName;
    if (!name || !model.source) return [];
    // A source the archive does not name: nothing in it needs the source, so it is on no cycle.
    if (!this.fromScratch && !this.baseGraph.has(name)) return [];
    const entries = this.resolveEntries(model);
    const a = this.analyse(this.specOf(name, entries));
    if (a.node < 0) return [];
    const out: CoreDiagnostic[] = [];
    if (a.unbroken.size > 0) {
      const leading = entries.filter((e) => e.source !== undefined && this.leadsInto(a, e.source, a.unbroken));
      // Progress: without the entries that lead back, is everything the stage1 build still needs available?
      const blockers = new Set<string>();
      for (const e of entries) {
        if (e.source === undefined || leading.includes(e)) continue;
        for (const b of this.unavailableInputs(a, e.source)) blockers.add(b);
      }
      const all = dropFix(uri, model, leading, 'stage1', blockers.size === 0);
      const size = a.unbroken.size;
      const blocked = blockers.size === 0 ? '' : ` it would still need sources that are never built (${sample([...blockers])})`;
      for (const e of leading) {
        const q = e.source as string;
        const path = this.pathBack(a, q, a.unbroken);
        const ring = !path
          ? `${name} → ${q} → … → ${name}`
          : path[0] === q
            ? [name, ...path].join(' → ')
            : `${name} → ${q} (installing it installs ${path[0]})${path.length > 1 ? ` → ${path.slice(1).join(' → ')}` : ''}`;
        const fixes: Fix[] = [];
        if (all) fixes.push(all);
        if (leading.length > 1) {
          const one = dropFix(uri, model, [e], 'stage1', false);
          if (one) fixes.push(one);
        }
        const advice = !all
          ? `The stage1 build of ${name} already leaves ${leading.length > 1 ? 'these entries' : 'it'} out, but${blocked || ' is never possible'}.`
          : (leading.length > 1 ? `Dropping all ${leading.length} entries that lead back from stage1 builds` : 'Dropping it from stage1 builds') +
            (blockers.size === 0 ? ` lets ${name} be built first.` : ` is not enough:${blocked}.`);
        out.push({
          uri,
          range: e.entry.alternatives.length ? spanOf(e.entry) : e.entry.range,
          severity: 'error',
          code: 'debian-build-cycle',
          message:
            `Build cycle: ${name} needs ${e.binary}${q !== e.binary ? ` (source ${q})` : ''}, which leads back to ${name}: ${ring}. ` +
            `${size} source${size === 1 ? ' is' : 's are'} in this cluster, none of them ever built. ${advice}`,
          fixes,
          data: { source: name, via: q, cluster: size },
        });
      }
      return out;
    }
    if (a.component.size > 0 && a.stageBuilt.length > 0) {
      // Broken by this source's own stage build: say so on the entries it leaves out.
      for (const e of entries) {
        if (e.source === undefined || !this.leadsInto(a, e.source, a.component)) continue;
        const via = a.graph.index(e.source);
        const dropped = a.stageBuilt.filter((n) => !stageNeeds(a, n, via));
        if (dropped.length === 0) continue;
        out.push({
          uri,
          range: spanOf(e.entry),
          severity: 'information',
          code: 'debian-build-cycle-broken',
          message:
            `${e.binary} leads back to ${name} (a build cycle of ${a.component.size} sources); ` +
            `the stage${dropped[0]} build of ${name} leaves it out, which breaks the cycle.`,
          data: { source: name, via: e.source, stage: dropped[0] },
        });
      }
    }
    return out;
  }

  /** What the diagnostics and hover rest on, by name: for tests comparing the incremental analysis with the reference. */
  placementFacts(model: ControlModel): { unavailable: string[]; unbroken: string[]; component: string[]; stageBuilt: number[] } | undefined {
    const name = model.sourceName;
    if (!name || !model.source) return undefined;
    const a = this.analyse(this.specOf(name, this.resolveEntries(model)));
    const g = a.graph;
    const names = (set: Iterable<number>): string[] => [...set].map((i) => g.names[i]).sort();
    const unavailable: number[] = [];
    for (let i = 0; i < g.size; i++) if (g.declared[i] && !a.avail[i]) unavailable.push(i);
    return { unavailable: names(unavailable), unbroken: names(a.unbroken), component: names(a.component), stageBuilt: a.stageBuilt };
  }

  sourceHover(model: ControlModel): string | undefined {
    const name = model.sourceName;
    if (!name) return undefined;
    const entries = this.resolveEntries(model);
    const a = this.analyse(this.specOf(name, entries));
    if (a.node < 0) return undefined;
    const g = a.graph;
    const lines = [`**${name}** in the archive (${this.specs.length} sources, ${this.arch})`];
    if (a.unbroken.size > 0) {
      // The cycle search walks the edited source's own edges: on the edited graph (its node numbers may differ).
      const edited = a.editedGraph();
      const cluster = edited === g ? a.unbroken : new Set([...a.unbroken].map((i) => edited.index(g.names[i])));
      const cycle = shortestCycleThrough(edited, edited.index(name), cluster);
      lines.push(`- **Stuck in an unbroken build cycle**: cluster of ${a.unbroken.size} sources never built (${sample([...a.unbroken].map((i) => g.names[i]))}).`);
      if (cycle) lines.push(`- Shortest cycle through it: ${[cycle.nodes[0], ...cycle.edges.map((e) => (e.via === e.to ? e.to : `${e.to} (installed with ${e.via})`))].join(' → ')}`);
    } else if (a.component.size > 0) {
      lines.push(`- On build cycles (a cluster of ${a.component.size} sources), broken by bootstrap builds${a.stageBuilt.length ? `, including its own stage${a.stageBuilt[0]} build` : ''}.`);
    } else {
      lines.push('- On no build cycle.');
    }
    if (a.avail[a.node]) {
      const wave = a.state().fullWave[a.editedGraph().index(name)];
      lines.push(
        wave >= 0
          ? `- Built fully in wave ${wave} of the bootstrap plan.`
          : a.stageBuilt.length > 0
            ? `- Built in a stage${a.stageBuilt[0]} build; its full build waits for sources that are never built.`
            : '- Prebuilt in the plan.',
      );
    }
    const blocked = this.blockedBy(a);
    lines.push(`- Blocks ${blocked} other source${blocked === 1 ? '' : 's'} (never built while it is not).`);
    return lines.join('\n');
  }

  /** Sources the plan never builds whose build needs this source, directly or through others. */
  private blockedBy(a: EditAnalysis): number {
    if (a.avail[a.node]) return 0;
    if (this.fromScratch) return blockedBySearch(a);
    // The layered nodes reaching build(source) through never-built sources only (a
    // path into the source never uses its own edges: the archive's graph will do).
    const ancestors = a.unbuiltAncestors();
    let count = 0;
    for (let i = 0; i < a.graph.size; i++) if (ancestors[i] && i !== a.node) count++;
    return count;
  }
}

/** The reference for `blockedBy`: a search over the edited graph's predecessors (a whole-graph search per source passed: slow on a whole archive). */
function blockedBySearch(a: EditAnalysis): number {
  const g = a.editedGraph();
  const start = g.index(a.graph.names[a.node]);
  const avail = (i: number): boolean => a.avail[a.graph.index(g.names[i])] === 1;
  const seen = new Uint8Array(g.size);
  seen[start] = 1;
  const queue = [start];
  let count = 0;
  for (let h = 0; h < queue.length; h++) {
    for (const p of g.predecessors(queue[h])) {
      if (seen[p] || avail(p) || !g.declared[p]) continue;
      seen[p] = 1;
      count++;
      queue.push(p);
    }
  }
  return count;
}

/** Whether the source's stage-`stage` build needs node j (an entry of that set, or in an entry's runtime closure). */
function stageNeeds(a: EditAnalysis, stage: number, j: number): boolean {
  const set = a.stageSets.find((s) => s.stage === stage);
  if (!set || j < 0) return false;
  const entries: number[] = [];
  for (const x of set.buildDepends) {
    const i = a.graph.index(x);
    if (i >= 0) entries.push(i);
  }
  return a.graph.closuresHold(entries, j);
}

/**
 * The strongly connected component of `node` among the packages the plan never
 * makes available (declared, not available), on the graph's layered form (one
 * linear pass; edges are build dependencies with the runtime closures of what
 * they install). Empty when `node` is available or on no cycle there.
 */
function clusterOf(graph: BuildGraph, node: number, avail: Uint8Array): Set<number> {
  const out = new Set<number>();
  if (avail[node]) return out;
  const scc = graph.sccOf(unbuiltMask(graph, avail));
  const c = scc.compOf[node];
  if (c >= 0 && scc.nonTrivial[c]) for (let k = scc.offsets[c]; k < scc.offsets[c + 1]; k++) out.add(scc.members[k]);
  return out;
}

function sample(names: string[], max = 8): string {
  const sorted = names.sort();
  return sorted.length <= max ? sorted.join(', ') : `${sorted.slice(0, max).join(', ')}, … (${sorted.length - max} more)`;
}

function altText(model: ControlModel, alt: AlternativeAt): string {
  return model.doc.text.slice(alt.range.start, alt.range.end);
}

/** From the entry's first alternative to its last (what the diagnostic underlines). */
function spanOf(entry: EntryAt): { start: number; end: number } {
  return { start: entry.alternatives[0].range.start, end: entry.alternatives[entry.alternatives.length - 1].range.end };
}

/**
 * The edits that drop the entries from `profile` builds: each alternative's
 * formula becomes (its formula) AND not profile, written in place: `!profile`
 * joins each `<…>` list (lists are ANDs; several lists are ORed), a list
 * that requires the profile goes, and an alternative without a formula gets
 * ` <!profile>`. An alternative used only with the profile can then never be
 * used: it is deleted (with its `|`), and an entry left with no alternative
 * is deleted with its comma.
 */
export function dropEdits(model: ControlModel, entries: readonly EntryAt[], profile: string): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  for (const entry of entries) {
    const alts = entry.alternatives;
    const merged = alts.map((alt) => withoutProfile(alt.restrictions.map((l) => l.terms.map((t) => ({ negated: t.negated, name: t.name }))), profile));
    if (alts.length > 0 && merged.every((m) => m === null)) {
      edits.push(entryDeletion(model, entry));
      continue;
    }
    alts.forEach((alt, i) => {
      const next = merged[i];
      if (next === null) {
        // Delete " | alt" (after a kept one) or "alt | " (before the next one).
        let k = i - 1;
        while (k >= 0 && merged[k] === null) k--;
        const prevKept = k >= 0 ? alts[k] : undefined;
        const pipe = prevKept ? model.doc.text.lastIndexOf('|', alt.range.start) : -1;
        edits.push(prevKept ? { range: { start: Math.max(pipe, prevKept.range.end), end: alt.range.end }, newText: '' } : { range: { start: alt.range.start, end: alts[i + 1].range.start }, newText: '' });
        return;
      }
      if (alt.restrictions.length === 0) {
        edits.push({ range: { start: alt.range.end, end: alt.range.end }, newText: ` <!${profile}>` });
        return;
      }
      const first = alt.restrictions[0].range.start;
      const last = alt.restrictions[alt.restrictions.length - 1].range.end;
      const written = formatFormula(next);
      if (model.doc.text.slice(first, last) !== written) edits.push({ range: { start: first, end: last }, newText: written });
    });
  }
  // Edits must not overlap or share a start (clients order those differently): merge
  // touching deletions, and an insertion with a deletion starting where it inserts.
  edits.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const out: OffsetEdit[] = [];
  for (const e of edits) {
    const prev = out[out.length - 1];
    if (prev && e.range.start <= prev.range.end && (prev.newText === '' || prev.range.start === prev.range.end)) {
      prev.range = { start: prev.range.start, end: Math.max(prev.range.end, e.range.end) };
      prev.newText += e.newText;
    } else out.push({ range: { ...e.range }, newText: e.newText });
  }
  return out;
}

/** Deleting a whole entry: with the comma after it, or the one before it when it is the last. */
function entryDeletion(model: ControlModel, entry: EntryAt): OffsetEdit {
  const rel = model.relations.find((r) => r.parsed.entries.includes(entry));
  const list = rel?.parsed.entries ?? [entry];
  const i = list.indexOf(entry);
  if (i + 1 < list.length) return { range: { start: entry.range.start, end: list[i + 1].range.start }, newText: '' };
  if (i > 0) return { range: { start: list[i - 1].range.end, end: entry.range.end }, newText: '' };
  return { range: entry.range, newText: '' };
}

function dropFix(uri: string, model: ControlModel, entries: ResolvedEntry[], profile: string, preferred: boolean): Fix | undefined {
  const edits = dropEdits(model, entries.map((e) => e.entry), profile);
  if (edits.length === 0) return undefined;
  const names = entries.map((e) => e.binary ?? e.entry.alternatives[0]?.name ?? '?');
  const title = names.length === 1 ? `Drop ${names[0]} from ${profile} builds` : `Drop ${names.length} entries from ${profile} builds (${names.join(', ')})`;
  return { title, kind: 'quickfix', isPreferred: preferred, changes: [{ uri, edits }] };
}

/** The packages of a `strap import debian` file. */
function specsOfBootstrapFile(text: string): PackageSpec[] {
  const doc = YAML.parse(text) as { packages?: Record<string, Record<string, unknown>> } | null;
  const packages = doc?.packages;
  if (!packages || typeof packages !== 'object') throw new Error('not a bootstrap file (no packages)');
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return Object.entries(packages).map(([name, p]) => {
    const bootstrap: PackageSpec['bootstrap'] = [];
    for (const [k, v] of Object.entries(p ?? {})) {
      const m = /^build-depends-bootstrap([1-9][0-9]*)$/.exec(k);
      if (m) bootstrap.push({ stage: Number(m[1]), buildDepends: list(v) });
    }
    return { name, buildDepends: list(p?.['build-depends']), depends: list(p?.depends), bootstrap, prebuilt: p?.prebuilt === true };
  });
}
