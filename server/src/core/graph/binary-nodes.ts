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
import { dedupeStrings } from './stage-sets';

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
  /** Per input entry that is a package's rewritten entry (depends merged): the spec as declared. */
  declaredAt: Array<PackageSpec | undefined>;
  /** Per input entry: ROLE_* (what binaryLayer makes of its node). */
  role: Uint8Array;
  /** Per binary entry: the input position of its package's own entry (else -1). */
  ownerAt: Int32Array;
  /** Of a patched expansion: the last expansion's input, and the positions where this one's differs (a hint for graph-patch.ts). */
  patchOf?: { input: readonly PackageSpec[]; at: readonly number[] };
}

export const ROLE_PLAIN = 0;
export const ROLE_PACKAGE_NAMESAKE_PREBUILT = 1;
export const ROLE_BINARY = 2;
export const ROLE_BINARY_PREBUILT = 3;
export const ROLE_VIRTUAL = 4;

const NONE: string[] = [];
const NO_STAGES: PackageSpec['bootstrap'] = [];

function strings(list: readonly unknown[] | undefined): string[] {
  return Array.isArray(list) ? (list.filter((x) => typeof x === 'string') as string[]) : [];
}

/** What one package with binaries turns into, whatever the other packages declare. */
interface OwnExpansion {
  /** The package's own entry. */
  copy: PackageSpec;
  /** Its binaries but its namesake, in declaration order, each with its entry. */
  binaries: Array<{ name: string; prebuilt: boolean; entry: PackageSpec }>;
  /** [virtual name, providing binary] for every binary, its namesake's included. */
  provides: Array<[string, string]>;
  namesakePrebuilt: boolean;
}

// The expansion of each package spec, kept while the spec lives: an edit
// replaces one spec, and the graph construction recognises the others' entries
// by identity (name-interner.ts), which fresh copies would defeat (on Debian's
// archive, expanding and re-interning every binary was ~0.8 s of an edit).
const expansions = new WeakMap<PackageSpec, OwnExpansion>();
// The entries of virtual names by name and provider, from the last expansion.
let lastVirtualEntries = new Map<string, PackageSpec>();

function expandOne(s: PackageSpec & { name: string }, bins: NonNullable<PackageSpec['binaries']>): OwnExpansion {
  // Lists are passed on as they are where possible: the graph shares frozen
  // lists instead of copying them (a Debian archive has 60 000 binaries).
  const shared = strings(s.depends);
  // New lists are frozen: kept from build to build, they are shared, not copied.
  const join = (own: readonly unknown[] | undefined): string[] =>
    shared.length === 0 && Array.isArray(own) ? (own as string[]) : Object.freeze([...shared, ...strings(own)]) as string[];
  const namesake = bins.find((b) => b.name === s.name);
  const ownDepends = namesake ? join(namesake.depends) : Object.freeze([...shared, ...bins.map((b) => b.name)]) as string[];
  const own: OwnExpansion = { copy: { ...s, depends: ownDepends }, binaries: [], provides: [], namesakePrebuilt: namesake?.prebuilt === true };
  for (const b of bins) {
    for (const v of strings(b.provides)) own.provides.push([v, b.name]);
    if (b.name === s.name) continue;
    own.binaries.push({ name: b.name, prebuilt: b.prebuilt === true, entry: { name: b.name, buildDepends: NONE, depends: join(b.depends), bootstrap: NO_STAGES, prebuilt: false } });
  }
  return own;
}

/**
 * Rewrites packages with binaries into plain entries: the package's own entry
 * depends on its binaries (or on its namesake binary's depends), each binary is
 * an entry with its depends (and the package's), each virtual name an entry that
 * depends on its lowest-named provider. Undefined when no package declares any.
 * An unchanged spec gives the very same entries as in the last call.
 */
export function expandBinaries(specs: readonly PackageSpec[]): ExpandedInput | undefined {
  const patched = patchLastExpansion(specs);
  if (patched) return patched;
  let any = false;
  for (let k = 0; k < specs.length && !any; k++) {
    const b = specs[k]?.binaries;
    if (Array.isArray(b) && b.length > 0) any = true;
  }
  if (!any) {
    lastExpansion = undefined;
    return undefined;
  }
  const packageNames = new Set<string>();
  for (const s of specs) if (s && typeof s.name === 'string') packageNames.add(s.name);
  const input: PackageSpec[] = [];
  const declaredAt: Array<PackageSpec | undefined> = [];
  const binaryNames = new Set<string>();
  const extra: PackageSpec[] = [];
  const providers = new Map<string, string>();
  const seenPackage = new Set<string>();
  const ownAt = new Int32Array(specs.length).fill(-1);
  const binariesAt: Array<Int32Array | undefined> = new Array(specs.length);
  const namesakeAt: number[] = [];
  /** Per extra entry: its owner's input position, or -1 for a virtual name. */
  const extraOwner: number[] = [];
  const extraPrebuilt: boolean[] = [];
  for (let k = 0; k < specs.length; k++) {
    const s = specs[k];
    if (!s || typeof s.name !== 'string') continue;
    const own = expansionOf(s);
    ownAt[k] = input.length;
    if (!own || seenPackage.has(s.name)) {
      seenPackage.add(s.name);
      input.push(s);
      continue;
    }
    seenPackage.add(s.name);
    declaredAt[ownAt[k]] = s;
    input.push(own.copy);
    if (own.namesakePrebuilt) namesakeAt.push(ownAt[k]);
    for (const [v, b] of own.provides) {
      const was = providers.get(v);
      if (was === undefined || b < was) providers.set(v, b);
    }
    const at = new Int32Array(own.binaries.length).fill(-1);
    own.binaries.forEach((b, j) => {
      // A binary named like a package, or declared twice: the first declaration wins.
      if (packageNames.has(b.name) || binaryNames.has(b.name)) return;
      binaryNames.add(b.name);
      at[j] = extra.length; // made an input position below
      extra.push(b.entry);
      extraOwner.push(ownAt[k]);
      extraPrebuilt.push(b.prebuilt);
    });
    binariesAt[k] = at;
  }
  const extraFrom = input.length;
  for (const at of binariesAt) if (at) for (let j = 0; j < at.length; j++) if (at[j] >= 0) at[j] += extraFrom;
  const virtualEntries = new Map<string, PackageSpec>();
  for (const [v, provider] of [...providers].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (packageNames.has(v) || binaryNames.has(v)) continue; // a real name wins
    const key = `${v}\u0000${provider}`;
    const entry = lastVirtualEntries.get(key) ?? { name: v, buildDepends: NONE, depends: Object.freeze([provider]) as string[], bootstrap: NO_STAGES, prebuilt: false };
    virtualEntries.set(key, entry);
    extra.push(entry);
    extraOwner.push(-1);
    extraPrebuilt.push(false);
  }
  lastVirtualEntries = virtualEntries;
  for (const e of extra) input.push(e);
  const role = new Uint8Array(input.length);
  const ownerAt = new Int32Array(input.length).fill(-1);
  for (const at of namesakeAt) role[at] = ROLE_PACKAGE_NAMESAKE_PREBUILT;
  for (let e = 0; e < extra.length; e++) {
    const at = extraFrom + e;
    ownerAt[at] = extraOwner[e];
    role[at] = extraOwner[e] < 0 ? ROLE_VIRTUAL : extraPrebuilt[e] ? ROLE_BINARY_PREBUILT : ROLE_BINARY;
  }
  const result: ExpandedInput = { input, declaredAt, role, ownerAt };
  lastExpansion = { specs: specs.slice(), result, ownAt, binariesAt };
  return result;
}

function expansionOf(s: PackageSpec): OwnExpansion | undefined {
  let own = expansions.get(s);
  if (!own) {
    const bins = Array.isArray(s.binaries) ? s.binaries.filter((b) => b && typeof b.name === 'string') : [];
    if (bins.length > 0) {
      own = expandOne(s as PackageSpec & { name: string }, bins);
      expansions.set(s, own);
    }
  }
  return own;
}

/** The last expansion, with where each spec's entries went in its input. */
interface LastExpansion {
  specs: PackageSpec[];
  result: ExpandedInput;
  /** Per spec: the input position of its own entry (-1: none). */
  ownAt: Int32Array;
  /** Per spec with binaries: each binary's input position (-1: left out). */
  binariesAt: Array<Int32Array | undefined>;
}
let lastExpansion: LastExpansion | undefined;

/** Whether two specs expand to the same names (everything the other packages' expansion depends on). */
function sameShape(a: PackageSpec, b: PackageSpec, x: OwnExpansion | undefined, y: OwnExpansion | undefined): boolean {
  if (a.name !== b.name || !x !== !y) return false;
  if (!x || !y) return true;
  if (x.namesakePrebuilt !== y.namesakePrebuilt || x.binaries.length !== y.binaries.length || x.provides.length !== y.provides.length) return false;
  for (let j = 0; j < x.binaries.length; j++) {
    if (x.binaries[j].name !== y.binaries[j].name || x.binaries[j].prebuilt !== y.binaries[j].prebuilt) return false;
  }
  for (let j = 0; j < x.provides.length; j++) {
    if (x.provides[j][0] !== y.provides[j][0] || x.provides[j][1] !== y.provides[j][1]) return false;
  }
  return true;
}

/**
 * The last expansion with a few specs replaced by specs that declare the same
 * names (an edit of a package's lists): only their entries change; names,
 * owners, providers and positions stay. Undefined when that does not apply.
 * (An ExpandedInput lives only while its graph is built, so its arrays are
 * taken over, not copied, but the input: a new array, which the name
 * interner compares position by position with the last one.)
 */
function patchLastExpansion(specs: readonly PackageSpec[]): ExpandedInput | undefined {
  const last = lastExpansion;
  if (!last || last.specs.length !== specs.length) return undefined;
  const changed: number[] = [];
  for (let k = 0; k < specs.length; k++) {
    if (specs[k] === last.specs[k]) continue;
    if (changed.length === 8 || !specs[k] || !last.specs[k]) return undefined;
    changed.push(k);
  }
  const owns = changed.map((k) => [expansions.get(last.specs[k]), expansionOf(specs[k])] as const);
  if (!changed.every((k, c) => sameShape(last.specs[k], specs[k], owns[c][0], owns[c][1]))) return undefined;
  const input = last.result.input.slice();
  const declaredAt = last.result.declaredAt;
  const at: number[] = [];
  changed.forEach((k, c) => {
    const [before, now] = owns[c];
    const s = specs[k];
    const own = last.ownAt[k];
    if (own >= 0) {
      // A package's rewritten entry (not a later declaration of its name, kept as it is).
      const rewritten = before !== undefined && input[own] === before.copy;
      input[own] = rewritten && now ? now.copy : s;
      if (rewritten) declaredAt[own] = s;
      at.push(own);
    }
    const binariesAt = last.binariesAt[k];
    if (binariesAt && now) {
      for (let j = 0; j < binariesAt.length; j++) {
        if (binariesAt[j] < 0) continue;
        input[binariesAt[j]] = now.binaries[j].entry;
        at.push(binariesAt[j]);
      }
    }
    last.specs[k] = s;
  });
  last.result = { ...last.result, input, patchOf: { input: last.result.input, at } };
  return last.result;
}

// A package's depends list as it declared it (the graph's entry for it
// depends on its binaries), de-duplicated; kept while the spec lives, so an
// edit does not rebuild 30 000 of them.
const declaredDepends = new WeakMap<PackageSpec, string[]>();
export function dependsAsDeclared(o: PackageSpec): string[] {
  let list = declaredDepends.get(o);
  if (!list) {
    list = dedupeStrings(o.depends);
    declaredDepends.set(o, list);
  }
  return list;
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
 * `nodeAt`: the node of each input entry (-1: left out, a later declaration of a name).
 */
export function binaryLayer(n: number, nodeAt: Int32Array, declared: Uint8Array, ex: ExpandedInput): BinaryLayer {
  const kind = new Uint8Array(n);
  const buildTarget = new Int32Array(n);
  const ownerOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    buildTarget[i] = i;
    kind[i] = declared[i] ? KIND_PACKAGE : KIND_UNKNOWN;
    if (declared[i]) ownerOf[i] = i;
  }
  const ownedCount = new Int32Array(n + 1);
  const { role, ownerAt } = ex;
  for (let at = 0; at < role.length; at++) {
    const r = role[at];
    if (r === ROLE_PLAIN) continue;
    const i = nodeAt[at];
    if (i < 0) continue;
    if (r === ROLE_BINARY || r === ROLE_BINARY_PREBUILT) {
      const p = nodeAt[ownerAt[at]];
      declared[i] = 0;
      kind[i] = KIND_BINARY;
      ownerOf[i] = p;
      buildTarget[i] = r === ROLE_BINARY_PREBUILT ? -1 : p;
      if (r === ROLE_BINARY) ownedCount[p + 1]++;
    } else if (r === ROLE_VIRTUAL) {
      declared[i] = 0;
      kind[i] = KIND_VIRTUAL;
      buildTarget[i] = -1;
    }
  }
  // A package whose namesake binary is prebuilt: installing that binary needs no
  // build (its package still has one, which its other binaries need).
  for (let at = 0; at < role.length; at++) {
    if (role[at] !== ROLE_PACKAGE_NAMESAKE_PREBUILT) continue;
    const i = nodeAt[at];
    if (i >= 0 && kind[i] === KIND_PACKAGE) buildTarget[i] = -1;
  }
  for (let i = 0; i < n; i++) ownedCount[i + 1] += ownedCount[i];
  const ownedTargets = new Int32Array(ownedCount[n]);
  const fill = ownedCount.slice(0, n);
  // Ascending binary index per package: scan the nodes in order.
  for (let i = 0; i < n; i++) if (kind[i] === KIND_BINARY && buildTarget[i] >= 0) ownedTargets[fill[buildTarget[i]]++] = i;
  return { kind, buildTarget, ownerOf, ownedOffsets: ownedCount, ownedTargets, hasBinaries: true };
}
