// From source and binary records to strap packages: which source builds each
// binary, the build dependencies per build (full and stage N), the runtime
// dependencies, and the prebuilt starting set. Pure and deterministic.

import { BinaryRecord, binaryDepends, SourceRecord, sourceBuildDepends } from './archive';
import { archFieldMatches, EvalContext, formatGroup, Relation, RelationGroup, relationApplies, stageNumbers } from './relations';

export interface UnresolvedDependency {
  /** The source package (strap package) whose dependency failed. */
  source: string;
  /** `Build-Depends`, `Build-Depends-Indep (stage1)`, `Depends`, ... */
  field: string;
  /** The relation as written (all alternatives). */
  relation: string;
  /** For runtime dependencies: the binary whose field it is. */
  binary?: string;
}

export interface ImportedPackage {
  name: string;
  /** Binary names (the chosen alternative, or the provider of a virtual name). */
  buildDepends: string[];
  /** Stage N -> reduced build dependencies (only where they differ from the full set). */
  bootstrap: Map<number, string[]>;
  /** Runtime dependencies of the package as a whole (empty: each binary carries its own). */
  depends: string[];
  prebuilt: boolean;
  /** Not among the imported sources: known only as the source of binaries in the Packages index. */
  external: boolean;
  /** The source's `Maintainer` and `Uploaders` (`Name <mail>`), when known. */
  maintainer?: string;
  uploaders?: string[];
  /** The binaries the source builds on the architecture, sorted by name. */
  binaries: ImportedBinary[];
  /** Whether a build dependency is one of its own binaries. */
  selfLoop: boolean;
}

export interface ImportedBinary {
  name: string;
  /** Depends and Pre-Depends, resolved to binary names (first existing alternative). */
  depends: string[];
  /** Virtual names it provides that no real binary carries. */
  provides: string[];
  /** Architecture: all: available before its source is built. */
  prebuilt: boolean;
}

export interface ResolveOptions {
  arch: string;
  /** Profiles active in every evaluation (full and stage builds). */
  profiles: string[];
  /** Overrides the computed prebuilt set when given. */
  prebuilt?: string[];
  /** Which core the computed prebuilt set starts from (default `minimal`). */
  core?: CoreRule;
}

export interface ResolveResult {
  /** Sorted by name. */
  packages: ImportedPackage[];
  unresolved: UnresolvedDependency[];
  /** Sources skipped because their Architecture field excludes the architecture. */
  skippedArch: string[];
  /** Names given in `prebuilt` that are not packages of the result. */
  unknownPrebuilt: string[];
  /** How the computed prebuilt set was made up (empty when overridden). */
  prebuiltReasons: { essential: number; archAll: number; external: number };
}

const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;

export function isValidPackageName(name: string): boolean {
  return PACKAGE_NAME.test(name);
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Binary and virtual-package lookup: a binary name -> the source building it. */
export class BinaryIndex {
  readonly binaries = new Map<string, BinaryRecord>();
  /** Source -> its binaries, in input order. */
  readonly bySource = new Map<string, BinaryRecord[]>();
  /** Virtual name -> the providing binary with the lowest source name (then binary name). */
  private readonly providers = new Map<string, BinaryRecord>();

  constructor(binaries: Iterable<BinaryRecord>) {
    for (const b of binaries) {
      // A source name strap cannot use would make the output invalid.
      if (!isValidPackageName(b.source)) continue;
      const prev = this.binaries.get(b.name);
      if (prev !== undefined) {
        // A later record (e.g. from debian/control) replaces an earlier one.
        const list = this.bySource.get(prev.source);
        if (list) list.splice(list.indexOf(prev), 1);
      }
      this.binaries.set(b.name, b);
      let list = this.bySource.get(b.source);
      if (list === undefined) this.bySource.set(b.source, (list = []));
      list.push(b);
    }
    for (const b of this.binaries.values()) {
      for (const v of b.provides) {
        const cur = this.providers.get(v);
        if (cur === undefined || b.source < cur.source || (b.source === cur.source && b.name < cur.name)) {
          this.providers.set(v, b);
        }
      }
    }
  }

  /**
   * The binary that satisfies `name`: the real binary of that name, else the
   * provider with the lowest source name (then binary name); undefined if none.
   */
  binaryOf(name: string): BinaryRecord | undefined {
    return this.binaries.get(name) ?? this.providers.get(name);
  }

  /** The source that builds (a binary satisfying) `name`. */
  sourceOf(name: string): string | undefined {
    return this.binaryOf(name)?.source;
  }
}

export type GroupResolution =
  | { kind: 'skip' } // no alternative applies in this build
  | { kind: 'resolved'; source: string; relation: Relation }
  | { kind: 'unresolved' };

/**
 * Resolve one group of alternatives in a build context: the restrictions
 * (architecture and profiles) are evaluated first, then the first applicable
 * alternative that exists (as a binary or a provided virtual package) wins.
 * Alternatives with substitution variables (`${misc:Depends}`) are ignored.
 */
export function resolveGroup(group: RelationGroup, ctx: EvalContext, index: BinaryIndex): GroupResolution {
  let applicable = 0;
  for (const rel of group) {
    if (rel.substvar) continue;
    if (!relationApplies(rel, ctx)) continue;
    applicable++;
    const source = index.sourceOf(rel.name);
    if (source !== undefined) return { kind: 'resolved', source, relation: rel };
  }
  return applicable === 0 ? { kind: 'skip' } : { kind: 'unresolved' };
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byName);
}

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Build the strap packages. `sources` are the imported source packages (later
 * records of the same name replace earlier ones); `binaries` the binary index
 * (Packages, plus any binaries of a debian/control not in it).
 */
export function resolveArchive(
  sources: Iterable<SourceRecord>,
  binaries: Iterable<BinaryRecord>,
  options: ResolveOptions,
): ResolveResult {
  const arch = options.arch;
  const extra = options.profiles.filter((p) => p !== '');
  const index = new BinaryIndex(binaries);

  const sourceMap = new Map<string, SourceRecord>();
  const skippedArch: string[] = [];
  for (const s of sources) sourceMap.set(s.name, s);
  for (const [name, s] of [...sourceMap]) {
    if (!archFieldMatches(s.architecture, arch) || !isValidPackageName(name)) {
      sourceMap.delete(name);
      skippedArch.push(name);
    }
  }

  const unresolved: UnresolvedDependency[] = [];
  const unresolvedKeys = new Set<string>();
  const report = (u: UnresolvedDependency): void => {
    const key = `${u.source}\u0000${u.binary ?? ''}\u0000${u.relation}`;
    if (unresolvedKeys.has(key)) return;
    unresolvedKeys.add(key);
    unresolved.push(u);
  };

  const packages = new Map<string, ImportedPackage>();
  const fullCtx: EvalContext = { arch, profiles: new Set(extra) };
  // Every package name of the output: a binary named like a source other than its
  // own cannot be named in the file (the package wins), so it is named by its source.
  const packageNames = new Set<string>([...sourceMap.keys(), ...index.bySource.keys()]);
  const nameable = (b: BinaryRecord): boolean => b.name === b.source || !packageNames.has(b.name);
  /** The name a resolved dependency is written as: its binary, or its source when the binary cannot be named. */
  const refOf = (r: { source: string; relation: Relation }): string => {
    const b = index.binaryOf(r.relation.name);
    return b !== undefined && nameable(b) ? b.name : r.source;
  };
  const sourceOfRef = new Map<string, string>();

  // Build dependencies of the imported sources.
  type ParsedBuildDeps = ReturnType<typeof sourceBuildDepends>;
  const evaluate = (s: SourceRecord, deps: ParsedBuildDeps, ctx: EvalContext, suffix: string): string[] => {
    const out: string[] = [];
    for (const { field, groups } of deps) {
      for (const g of groups) {
        const r = resolveGroup(g, ctx, index);
        if (r.kind === 'resolved') {
          const ref = refOf(r);
          sourceOfRef.set(ref, r.source);
          out.push(ref);
        } else if (r.kind === 'unresolved') report({ source: s.name, field: field + suffix, relation: formatGroup(g) });
      }
    }
    return sortedUnique(out);
  };

  const names = [...sourceMap.keys()].sort(byName);
  for (const name of names) {
    const s = sourceMap.get(name)!;
    const deps = sourceBuildDepends(s);
    const full = evaluate(s, deps, fullCtx, '');
    const bootstrap = new Map<number, string[]>();
    for (const n of stageNumbers(deps.flatMap((d) => d.groups))) {
      const ctx: EvalContext = { arch, profiles: new Set([...extra, `stage${n}`]) };
      const set = evaluate(s, deps, ctx, ` (stage${n})`);
      if (!sameList(set, full)) bootstrap.set(n, set);
    }
    const pkg: ImportedPackage = { name, buildDepends: full, bootstrap, depends: [], prebuilt: false, external: false, binaries: [], selfLoop: full.some((d) => sourceOfRef.get(d) === name) };
    if (s.maintainer) pkg.maintainer = s.maintainer;
    if (s.uploaders?.length) pkg.uploaders = s.uploaders;
    packages.set(name, pkg);
  }

  // Sources referenced but not imported become external packages; runtime
  // dependencies are computed for every package (a worklist, as externals
  // can name further externals).
  const queue: string[] = [];
  const ensure = (name: string): void => {
    if (packages.has(name)) return;
    packages.set(name, { name, buildDepends: [], bootstrap: new Map(), depends: [], prebuilt: false, external: true, binaries: [], selfLoop: false });
    queue.push(name);
  };
  // The core's binaries and their runtime closure, at the binary level (as
  // installed: the first existing alternative of each Depends/Pre-Depends),
  // mapped to their sources: the computed prebuilt core (see CoreRule).
  const essentialSources = coreClosure(index, fullCtx, options.core ?? 'minimal');
  for (const p of [...packages.values()]) {
    for (const d of p.buildDepends) ensure(sourceOfRef.get(d)!);
    for (const set of p.bootstrap.values()) for (const d of set) ensure(sourceOfRef.get(d)!);
  }
  // Virtual names no real binary carries (a provided real name would collide with it).
  const virtualOnly = (v: string): boolean => !index.binaries.has(v) && !packageNames.has(v);
  const runtimeDone = new Set<string>();
  const computeRuntime = (p: ImportedPackage): void => {
    runtimeDone.add(p.name);
    const binaries: ImportedBinary[] = [];
    const sources: string[] = [];
    const packageDepends: string[] = [];
    for (const b of index.bySource.get(p.name) ?? []) {
      const out: string[] = [];
      for (const { field, groups } of binaryDepends(b)) {
        for (const g of groups) {
          const r = resolveGroup(g, fullCtx, index);
          if (r.kind === 'resolved') {
            const ref = refOf(r);
            if (ref !== b.name) out.push(ref);
            if (r.source !== p.name) sources.push(r.source);
          } else if (r.kind === 'unresolved') {
            report({ source: p.name, field, relation: formatGroup(g), binary: b.name });
          }
        }
      }
      // A binary that cannot be named is reached through its source (naming a
      // source installs all its binaries), so it is not listed: its depends
      // become the package's (which apply to every binary).
      if (!nameable(b)) {
        packageDepends.push(...out);
        continue;
      }
      binaries.push({
        name: b.name,
        depends: sortedUnique(out),
        provides: sortedUnique(b.provides.filter(virtualOnly)),
        prebuilt: b.architecture === 'all',
      });
    }
    p.binaries = binaries.sort((a, b) => byName(a.name, b.name));
    p.depends = sortedUnique(packageDepends);
    for (const d of sources) ensure(d);
  };
  for (const n of essentialSources) ensure(n);
  for (const name of names) computeRuntime(packages.get(name)!);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (!runtimeDone.has(name)) computeRuntime(packages.get(name)!);
  }

  // Prebuilt.
  const prebuiltReasons = { essential: 0, archAll: 0, external: 0 };
  const unknownPrebuilt: string[] = [];
  if (options.prebuilt !== undefined) {
    for (const n of options.prebuilt) {
      const p = packages.get(n);
      if (p === undefined) unknownPrebuilt.push(n);
      else p.prebuilt = true;
    }
  } else {
    for (const n of essentialSources) packages.get(n)!.prebuilt = true;
    prebuiltReasons.essential = essentialSources.length;
    for (const p of packages.values()) {
      if (p.prebuilt) continue;
      const bins = index.bySource.get(p.name) ?? [];
      if (bins.length > 0 && bins.every((b) => b.architecture === 'all')) {
        p.prebuilt = true;
        prebuiltReasons.archAll++;
      } else if (p.external) {
        // Known only from the binary index: taken from the archive as it is.
        p.prebuilt = true;
        prebuiltReasons.external++;
      }
    }
  }

  const sorted = [...packages.values()].sort((a, b) => byName(a.name, b.name));
  return { packages: sorted, unresolved, skippedArch: skippedArch.sort(byName), unknownPrebuilt, prebuiltReasons };
}

/**
 * Which binaries the computed prebuilt core starts from:
 * - `minimal` (the default): botch-native's minimal set for a native
 *   bootstrap: the `Essential: yes` binaries and `build-essential`, `apt`,
 *   `sysvinit-core` and `debhelper`, with their runtime closure; the sources
 *   of the binaries in it that are not `Architecture: all` are the core (an
 *   `Architecture: all` binary is available anyway, on its own).
 * - `essential`: the smaller core strap had first: the `Essential: yes`
 *   binaries and `build-essential` with their runtime closure, and the
 *   sources of every binary in it.
 */
export type CoreRule = 'minimal' | 'essential';

/** The binaries botch-native's minimal set names besides the `Essential: yes` ones. */
export const MINIMAL_CORE_BINARIES = ['build-essential', 'apt', 'sysvinit-core', 'debhelper'];

/**
 * The sources of the core (see CoreRule), sorted. The runtime closure is
 * taken over binaries, each Depends/Pre-Depends group as the first existing
 * applicable alternative (botch picks one installation with a solver).
 */
export function coreClosure(index: BinaryIndex, ctx: EvalContext, rule: CoreRule = 'minimal'): string[] {
  const seen = new Set<string>();
  const stack: BinaryRecord[] = [];
  for (const b of index.binaries.values()) if (b.essential) stack.push(b);
  for (const name of rule === 'minimal' ? MINIMAL_CORE_BINARIES : ['build-essential']) {
    const b = index.binaryOf(name);
    if (b !== undefined) stack.push(b);
  }
  while (stack.length > 0) {
    const b = stack.pop()!;
    if (seen.has(b.name)) continue;
    seen.add(b.name);
    for (const { groups } of binaryDepends(b)) {
      for (const g of groups) {
        const r = resolveGroup(g, ctx, index);
        if (r.kind !== 'resolved') continue;
        const dep = index.binaryOf(r.relation.name);
        if (dep !== undefined && !seen.has(dep.name)) stack.push(dep);
      }
    }
  }
  const inCore = [...seen].map((n) => index.binaries.get(n)!).filter((b) => rule === 'essential' || b.architecture !== 'all');
  return sortedUnique(inCore.map((b) => b.source).filter(isValidPackageName));
}

/** The `essential` core's sources (see CoreRule). */
export function essentialClosure(index: BinaryIndex, ctx: EvalContext): string[] {
  return coreClosure(index, ctx, 'essential');
}
