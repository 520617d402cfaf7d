// Binaries as nodes of the build graph. A package may declare the binaries it
// builds (see PackageSpec.binaries); then the graph has one *install* node per
// binary, whose depends are that binary's own, and installing it needs its
// package built (unless the binary is `prebuilt`: available before its package
// is built). A virtual name that a binary provides is a node whose only
// dependency is its provider. So the runtime closure is taken per binary, and a
// build edge P → S exists when the closure of P's build-depends holds a binary of
// S that is not available from the start.
//
// Node kinds: a declared package (its own single binary when it declares none;
// when it declares some, naming it installs all of them, unless one of them
// carries its name: then that binary is the package's node), a binary, a
// virtual name, or an unknown name.

import type { PackageSpec } from './types';

export const KIND_UNKNOWN = 0;
export const KIND_PACKAGE = 1;
export const KIND_BINARY = 2;
export const KIND_VIRTUAL = 3;

/** What the binaries add to the graph, per node. */
export interface BinaryLayer {
  /** KIND_* of each node. */
  kind: Uint8Array;
  /** The node whose build makes this one installable: itself for packages and unknown names, the package for a binary, -1 for a prebuilt binary or a virtual name. */
  buildTarget: Int32Array;
  /** The declaring package of a binary node (the node itself for a package), else -1. */
  ownerOf: Int32Array;
  /** Per package node: the binary nodes other than itself whose build target it is (CSR, ascending). */
  ownedOffsets: Int32Array;
  ownedTargets: Int32Array;
  /** Whether some package declares binaries. */
  hasBinaries: boolean;
}

/** The input with binaries and virtual names turned into extra entries, and how to undo it. */
export interface ExpandedInput {
  input: PackageSpec[];
  /** Package entries rewritten (depends merged) → the spec as declared. */
  original: Map<PackageSpec, PackageSpec>;
  /** Extra entries: binary → declaring package and prebuilt flag; virtual → provider. */
  binaryOwner: Map<string, { owner: string; prebuilt: boolean }>;
  virtuals: Set<string>;
  /** Packages whose namesake binary is prebuilt: naming them needs no build of theirs. */
  namesakePrebuilt: Set<string>;
}

const NONE: string[] = [];
const NO_STAGES: PackageSpec['bootstrap'] = [];

function strings(list: readonly unknown[] | undefined): string[] {
  return Array.isArray(list) ? (list.filter((x) => typeof x === 'string') as string[]) : [];
}

/**
 * Rewrites packages with binaries into plain entries: the package's own entry
 * depends on its binaries (or on its namesake binary's depends), each binary is
 * an entry with its depends (and the package's), each virtual name an entry that
 * depends on its lowest-named provider. Undefined when no package declares any.
 */
export function expandBinaries(specs: readonly PackageSpec[]): ExpandedInput | undefined {
  let any = false;
  for (let k = 0; k < specs.length && !any; k++) {
    const b = specs[k]?.binaries;
    if (Array.isArray(b) && b.length > 0) any = true;
  }
  if (!any) return undefined;
  const packageNames = new Set<string>();
  for (const s of specs) if (s && typeof s.name === 'string') packageNames.add(s.name);
  const input: PackageSpec[] = [];
  const original = new Map<PackageSpec, PackageSpec>();
  const binaryOwner = new Map<string, { owner: string; prebuilt: boolean }>();
  const extra: PackageSpec[] = [];
  const providers = new Map<string, string>();
  const seenPackage = new Set<string>();
  const namesakePrebuilt = new Set<string>();
  for (const s of specs) {
    if (!s || typeof s.name !== 'string') continue;
    const bins = Array.isArray(s.binaries) ? s.binaries.filter((b) => b && typeof b.name === 'string') : [];
    if (bins.length === 0 || seenPackage.has(s.name)) {
      seenPackage.add(s.name);
      input.push(s);
      continue;
    }
    seenPackage.add(s.name);
    // Lists are passed on as they are where possible: the graph shares frozen
    // lists instead of copying them (a Debian archive has 60 000 binaries).
    const shared = strings(s.depends);
    const join = (own: readonly unknown[] | undefined): string[] =>
      shared.length === 0 && Array.isArray(own) ? (own as string[]) : [...shared, ...strings(own)];
    const namesake = bins.find((b) => b.name === s.name);
    if (namesake?.prebuilt === true) namesakePrebuilt.add(s.name);
    const ownDepends = namesake ? join(namesake.depends) : [...shared, ...bins.map((b) => b.name)];
    const copy: PackageSpec = { ...s, depends: ownDepends };
    original.set(copy, s);
    input.push(copy);
    for (const b of bins) {
      for (const v of strings(b.provides)) {
        const was = providers.get(v);
        if (was === undefined || b.name < was) providers.set(v, b.name);
      }
      if (b.name === s.name) continue;
      // A binary named like a package, or declared twice: the first declaration wins.
      if (packageNames.has(b.name) || binaryOwner.has(b.name)) continue;
      binaryOwner.set(b.name, { owner: s.name, prebuilt: b.prebuilt === true });
      extra.push({ name: b.name, buildDepends: NONE, depends: join(b.depends), bootstrap: NO_STAGES, prebuilt: false });
    }
  }
  const virtuals = new Set<string>();
  for (const [v, provider] of [...providers].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (packageNames.has(v) || binaryOwner.has(v)) continue; // a real name wins
    virtuals.add(v);
    extra.push({ name: v, buildDepends: NONE, depends: [provider], bootstrap: NO_STAGES, prebuilt: false });
  }
  for (const e of extra) input.push(e);
  return { input, original, binaryOwner, virtuals, namesakePrebuilt };
}

/** The layer of a graph without binaries: every node its own build target. */
export function plainLayer(declared: Uint8Array): BinaryLayer {
  const n = declared.length;
  const kind = new Uint8Array(n);
  const buildTarget = new Int32Array(n);
  const ownerOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    kind[i] = declared[i] ? KIND_PACKAGE : KIND_UNKNOWN;
    buildTarget[i] = i;
    ownerOf[i] = declared[i] ? i : -1;
  }
  return { kind, buildTarget, ownerOf, ownedOffsets: new Int32Array(n + 1), ownedTargets: new Int32Array(0), hasBinaries: false };
}

/**
 * The layer of a graph built from `expandBinaries`' input: fixes `declared` (binaries
 * and virtual names are not packages) and gives each node its kind and build target.
 */
export function binaryLayer(names: readonly string[], index: (name: string) => number, declared: Uint8Array, ex: ExpandedInput): BinaryLayer {
  const n = names.length;
  const kind = new Uint8Array(n);
  const buildTarget = new Int32Array(n);
  const ownerOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    buildTarget[i] = i;
    kind[i] = declared[i] ? KIND_PACKAGE : KIND_UNKNOWN;
    if (declared[i]) ownerOf[i] = i;
  }
  const ownedCount = new Int32Array(n + 1);
  for (const [b, { owner, prebuilt }] of ex.binaryOwner) {
    const i = index(b);
    const p = index(owner);
    declared[i] = 0;
    kind[i] = KIND_BINARY;
    ownerOf[i] = p;
    buildTarget[i] = prebuilt ? -1 : p;
    if (!prebuilt) ownedCount[p + 1]++;
  }
  // A package whose namesake binary is prebuilt: installing that binary needs no
  // build (its package still has one, which its other binaries need).
  for (const name of ex.namesakePrebuilt) {
    const i = index(name);
    if (kind[i] === KIND_PACKAGE) buildTarget[i] = -1;
  }
  for (const v of ex.virtuals) {
    const i = index(v);
    declared[i] = 0;
    kind[i] = KIND_VIRTUAL;
    buildTarget[i] = -1;
  }
  for (let i = 0; i < n; i++) ownedCount[i + 1] += ownedCount[i];
  const ownedTargets = new Int32Array(ownedCount[n]);
  const fill = ownedCount.slice(0, n);
  // Ascending binary index per package: scan the nodes in order.
  for (let i = 0; i < n; i++) if (kind[i] === KIND_BINARY && buildTarget[i] >= 0) ownedTargets[fill[buildTarget[i]]++] = i;
  return { kind, buildTarget, ownerOf, ownedOffsets: ownedCount, ownedTargets, hasBinaries: true };
}
