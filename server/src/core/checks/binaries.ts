// Checks of the binaries packages declare (`binaries:`): a binary declared twice
// (by one package or two), a binary named like another package, a provided name
// that is also a package or binary name. (References to names nothing declares, binaries
// included, are the unknown-package check's.) And the binaries as the build
// graph reads them.

import type { CoreDiagnostic } from '../types';
import type { BinaryDecl, PackageDecl } from '../model/file-model';
import type { BinarySpec, CycleEdge } from '../graph/types';
import type { Workspace } from '../workspace/workspace';
import { binaryIndex } from '../model/binary-index';
import { at, keyLocation } from './diagnostic';

/** The binaries of a package as the build graph reads them (undefined when it declares none). */
export function binarySpecsOf(p: PackageDecl): BinarySpec[] | undefined {
  if (p.binaries.length === 0) return undefined;
  return p.binaries.map((b) => ({
    name: b.name,
    depends: Object.freeze(b.depends.map((r) => r.name)) as string[],
    provides: Object.freeze(b.provides.map((r) => r.name)) as string[],
    prebuilt: b.prebuilt,
  }));
}

/** Whether two packages' binaries read the same for the build graph. */
export function sameBinarySpecs(a: readonly BinarySpec[] | undefined, b: readonly BinarySpec[] | undefined): boolean {
  if (!a?.length || !b?.length) return !a?.length && !b?.length;
  if (a.length !== b.length) return false;
  const same = (x: readonly string[] | undefined, y: readonly string[] | undefined) =>
    (x?.length ?? 0) === (y?.length ?? 0) && (x ?? []).every((v, i) => v === (y as string[])[i]);
  return a.every((x, i) => x.name === b[i].name && x.prebuilt === b[i].prebuilt && same(x.depends, b[i].depends) && same(x.provides, b[i].provides));
}

export function checkBinaries(ws: Workspace): CoreDiagnostic[] {
  const index = binaryIndex(ws);
  const out: CoreDiagnostic[] = [];
  if (index.binaries.size === 0) return out;
  const first = (b: BinaryDecl) => keyLocation(b.uri, b.node, `first declaration of '${b.name}' (in package '${b.packageName}')`);
  for (const [name, decls] of index.binaries) {
    const pkg = ws.packages.get(name);
    for (const b of decls) {
      if (pkg && pkg.name !== b.packageName) {
        out.push(at(b, 'error', 'binary-named-like-package', `binary '${name}' of package '${b.packageName}' has the name of package '${name}': the package wins, so the binary cannot be named`, {
          on: 'key', related: [keyLocation(pkg.uri, pkg.node, `package '${name}'`)],
        }));
      }
    }
    for (const dup of decls.slice(1)) {
      const where = dup.packageName === decls[0].packageName ? `twice by package '${dup.packageName}'` : `by packages '${decls[0].packageName}' and '${dup.packageName}'`;
      out.push(at(dup, 'error', 'duplicate-binary', `binary '${name}' is declared ${where}: the first declaration wins`, {
        on: 'key', related: [first(decls[0])],
      }));
    }
  }
  for (const [name, providers] of index.providers) {
    const real = ws.packages.get(name) ? `package '${name}'` : index.binaries.has(name) ? `binary '${name}'` : undefined;
    if (!real) continue;
    for (const b of providers) {
      const ref = b.provides.find((r) => r.name === name)!;
      out.push(at(ref, 'warning', 'provides-collides', `'${name}' provided by binary '${b.name}' is also ${real}: a dependency on '${name}' means ${real}, not this provider`));
    }
  }
  return out;
}

/** Whether `name` is a binary that package `pkg` declares. */
export function isBinaryOf(ws: Workspace, name: string, pkg: string): boolean {
  return binaryIndex(ws).binaries.get(name)?.[0]?.packageName === pkg && name !== pkg;
}

/**
 * How a cycle message shows the package an edge leads to: `libc6-dev (glibc)`
 * when the build-depends entry is one of its binaries, else its name.
 */
export function cycleHop(ws: Workspace): (edge: CycleEdge) => string {
  if (binaryIndex(ws).binaries.size === 0) return (e) => e.to;
  return (e) => (isBinaryOf(ws, e.via, e.to) ? `${e.via} (${e.to})` : e.to);
}
