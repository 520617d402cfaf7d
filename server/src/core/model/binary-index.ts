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
}

const cache = new WeakMap<object, BinaryIndex>();
const empty: BinaryIndex = { binaries: new Map(), providers: new Map() };

export function binaryIndex(ws: HasPackages): BinaryIndex {
  let index = cache.get(ws);
  if (index) return index;
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
  cache.set(ws, index);
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
