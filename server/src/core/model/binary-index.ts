// The binaries of a workspace by name, and the names they provide: what the
// checks, completion, hover, definition and rename look binaries up in.
// Computed once per workspace version (a workspace is immutable).

import type { BinaryDecl, PackageDecl } from './file-model';

export interface BinaryIndex {
  /** Every declaration of each binary name, in declaration order (the first wins). */
  binaries: Map<string, BinaryDecl[]>;
  /** The binaries that provide each virtual name, in declaration order. */
  providers: Map<string, BinaryDecl[]>;
}

interface HasPackages {
  files: ReadonlyArray<{ packages: readonly PackageDecl[] }>;
  /** A workspace's identity and what changed since the one it was patched from (see workspace.ts). */
  id?: number;
  change?: { kind: string; baseId: number; before?: unknown; after?: unknown };
}

const cache = new WeakMap<object, BinaryIndex>();
const empty: BinaryIndex = { binaries: new Map(), providers: new Map() };
// The index of the last workspace it was computed for: an edit inside one
// package makes a workspace that only replaces that package's declaration.
let last: { id: number; index: BinaryIndex } | undefined;

export function binaryIndex(ws: HasPackages): BinaryIndex {
  let index = cache.get(ws);
  if (index) return index;
  index = patchedIndex(ws) ?? computedIndex(ws);
  cache.set(ws, index);
  if (ws.id !== undefined) last = { id: ws.id, index };
  return index;
}

/**
 * The last index carried over to a workspace that differs from its own only
 * in one package whose binaries keep their names and what they provide: the
 * new declarations take the old ones' places in the lists (a Debian archive
 * has 63 000 binaries; indexing them again was ~0.15 s of every edit). The
 * lists are changed in place: the workspace they were made for is
 * superseded by the one patched from it.
 */
function patchedIndex(ws: HasPackages): BinaryIndex | undefined {
  const change = ws.change;
  if (!last || !change || change.baseId !== last.id) return undefined;
  if (change.kind === 'none' || change.kind === 'stage' || change.kind === 'env') return last.index;
  if (change.kind !== 'package') return undefined;
  if (!sameDeclaredNames(change.before as PackageDecl, change.after as PackageDecl)) return undefined;
  const before = (change.before as PackageDecl).binaries;
  const after = (change.after as PackageDecl).binaries;
  const index = last.index;
  if (before.length === 0) return index;
  const replace = (list: BinaryDecl[] | undefined, old: BinaryDecl, now: BinaryDecl): boolean => {
    const at = list ? list.indexOf(old) : -1;
    if (at < 0) return false;
    (list as BinaryDecl[])[at] = now;
    return true;
  };
  for (let j = 0; j < before.length; j++) {
    if (!replace(index.binaries.get(before[j].name), before[j], after[j])) return undefined;
    for (const v of before[j].provides) if (!replace(index.providers.get(v.name), before[j], after[j])) return undefined;
  }
  return index;
}

/** Whether two declarations of a package declare the same binaries and provided names, in the same order. */
export function sameDeclaredNames(a: PackageDecl, b: PackageDecl): boolean {
  if (a.binaries.length !== b.binaries.length) return false;
  for (let i = 0; i < a.binaries.length; i++) {
    const x = a.binaries[i];
    const y = b.binaries[i];
    if (x.name !== y.name || x.provides.length !== y.provides.length) return false;
    for (let j = 0; j < x.provides.length; j++) if (x.provides[j].name !== y.provides[j].name) return false;
  }
  return true;
}

function computedIndex(ws: HasPackages): BinaryIndex {
  let index: BinaryIndex;
  let any = false;
  for (const f of ws.files) {
    for (const p of f.packages) {
      if (p.binaries.length > 0) {
        any = true;
        break;
      }
    }
    if (any) break;
  }
  if (!any) index = empty;
  else {
    index = { binaries: new Map(), providers: new Map() };
    for (const f of ws.files) {
      for (const p of f.packages) {
        for (const b of p.binaries) {
          push(index.binaries, b.name, b);
          for (const v of b.provides) push(index.providers, v.name, b);
        }
      }
    }
  }
  return index;
}

function push(map: Map<string, BinaryDecl[]>, key: string, b: BinaryDecl): void {
  const list = map.get(key);
  if (list) list.push(b);
  else map.set(key, [b]);
}

/** The binary a name refers to, if any (the first declaration). */
export function binaryNamed(ws: HasPackages, name: string): BinaryDecl | undefined {
  return binaryIndex(ws).binaries.get(name)?.[0];
}

/** The provider a virtual name resolves to: the lowest-named binary that provides it. */
export function providerOf(ws: HasPackages, name: string): BinaryDecl | undefined {
  const list = binaryIndex(ws).providers.get(name);
  if (!list) return undefined;
  let best = list[0];
  for (const b of list) if (b.name < best.name) best = b;
  return best;
}
