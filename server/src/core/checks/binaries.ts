// Checks of the binaries packages declare (`binaries:`): a binary declared twice
// (by one package or two), a binary named like another package, a provided name
// that is also a package or binary name. (References to names nothing declares, binaries
// included, are the unknown-package check's.) And the binaries as the build
// graph reads them.

import type { CoreDiagnostic } from '../types';
import type { BinaryDecl, PackageDecl } from '../model/file-model';
import type { BinarySpec, CycleEdge } from '../graph/types';
import type { Workspace } from '../workspace/workspace';
import { binaryIndex, type BinaryIndex } from '../model/binary-index';
import { LatestPerKey } from '../remembered';
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

/** What the binaries check found, by declaration: kept so an edit that leaves every name alone can carry it over. */
type Finding =
  | { kind: 'named-like-package'; binary: BinaryDecl; pkg: PackageDecl }
  | { kind: 'duplicate'; binary: BinaryDecl; first: BinaryDecl }
  | { kind: 'provides-collides'; binary: BinaryDecl; name: string; real: string };

// The last findings per workspace entry. The check reads only names (of
// packages, binaries and provided names); on a Debian archive it walks 63 000
// binaries, ~40 ms of every edit.
const lastFindings = new LatestPerKey<{ workspaceId: number; index: BinaryIndex; findings: Finding[] }>(64);

export function checkBinaries(ws: Workspace): CoreDiagnostic[] {
  const index = binaryIndex(ws);
  const findings = carriedFindings(ws, index) ?? binaryFindings(ws, index);
  lastFindings.set(ws.entry, { workspaceId: ws.id, index, findings });
  return findings.map(diagnosticOf);
}

/**
 * The last findings, when this workspace is the last one with one declaration
 * replaced by another of the same name and the binary index was carried over
 * to it (which it is only when no binary's name or provided name changed: see
 * binary-index.ts): the same findings, with the new declarations in the old
 * ones' places (their ranges are read again).
 */
function carriedFindings(ws: Workspace, index: BinaryIndex): Finding[] | undefined {
  const change = ws.change;
  const last = lastFindings.get(ws.entry);
  if (!change || !last || change.baseId !== last.workspaceId || index !== last.index) return undefined;
  if (change.kind !== 'package') return last.findings;
  const swapped = new Map<object, object>([[change.before, change.after]]);
  change.before.binaries.forEach((b, j) => swapped.set(b, change.after.binaries[j]));
  const now = <T extends object>(decl: T): T => (swapped.get(decl) as T | undefined) ?? decl;
  return last.findings.map((f) => {
    if (f.kind === 'named-like-package') return { ...f, binary: now(f.binary), pkg: now(f.pkg) };
    if (f.kind === 'duplicate') return { ...f, binary: now(f.binary), first: now(f.first) };
    return { ...f, binary: now(f.binary) };
  });
}

function binaryFindings(ws: Workspace, index: BinaryIndex): Finding[] {
  const out: Finding[] = [];
  if (index.binaries.size === 0) return out;
  for (const [name, decls] of index.binaries) {
    const pkg = ws.packages.get(name);
    for (const b of decls) if (pkg && pkg.name !== b.packageName) out.push({ kind: 'named-like-package', binary: b, pkg });
    for (const dup of decls.slice(1)) out.push({ kind: 'duplicate', binary: dup, first: decls[0] });
  }
  for (const [name, providers] of index.providers) {
    const real = ws.packages.get(name) ? `package '${name}'` : index.binaries.has(name) ? `binary '${name}'` : undefined;
    if (!real) continue;
    for (const b of providers) out.push({ kind: 'provides-collides', binary: b, name, real });
  }
  return out;
}

function diagnosticOf(f: Finding): CoreDiagnostic {
  const b = f.binary;
  if (f.kind === 'named-like-package') {
    return at(b, 'error', 'binary-named-like-package', `binary '${b.name}' of package '${b.packageName}' has the name of package '${b.name}': the package wins, so the binary cannot be named`, {
      on: 'key', related: [keyLocation(f.pkg.uri, f.pkg.node, `package '${b.name}'`)],
    });
  }
  if (f.kind === 'duplicate') {
    const where = b.packageName === f.first.packageName ? `twice by package '${b.packageName}'` : `by packages '${f.first.packageName}' and '${b.packageName}'`;
    return at(b, 'error', 'duplicate-binary', `binary '${b.name}' is declared ${where}: the first declaration wins`, {
      on: 'key', related: [keyLocation(f.first.uri, f.first.node, `first declaration of '${f.first.name}' (in package '${f.first.packageName}')`)],
    });
  }
  const ref = b.provides.find((r) => r.name === f.name)!;
  return at(ref, 'warning', 'provides-collides', `'${f.name}' provided by binary '${b.name}' is also ${f.real}: a dependency on '${f.name}' means ${f.real}, not this provider`);
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
