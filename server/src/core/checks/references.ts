// References: unknown package, env and stage names (with did-you-mean and
// "declare package X"), and declarations duplicated across included files.

import { LatestPerKey } from '../remembered';
import type { CoreDiagnostic } from '../types';
import { definedFixes, makeFix } from '../fixes/make-fix';
import type { NameRef, PackageDecl } from '../model/file-model';
import type { Workspace } from '../workspace/workspace';
import { suggest, cachedSuggester } from '../text/suggest';
import { replaceScalar } from '../edits';
import { declarePackage } from '../fixes/declare-package';
import { at, keyLocation } from './diagnostic';
import { binaryIndex, sameDeclaredNames } from '../model/binary-index';

interface UnknownReference {
  decl: PackageDecl;
  ref: NameRef;
  context: string;
}

/** The references to undeclared packages in a workspace, and the suggester over its package names. */
interface UnknownPackages {
  wsId: number;
  suggest: (name: string) => string[];
  refs: UnknownReference[];
  /** Every name a reference may use: the packages, their binaries and the names those provide. */
  known: ReadonlySet<string>;
}

// The last result per entry file: a workspace patched for an edit inside one
// declaration (same names everywhere) re-checks that declaration alone.
const lastUnknown = new LatestPerKey<UnknownPackages>(64);

/**
 * The names a reference may use, in one set: a package, a binary of one, or a
 * name a binary provides (one look-up per reference instead of three; the
 * Debian import has 570 000 references).
 */
function knownNames(ws: Workspace): Set<string> {
  const index = binaryIndex(ws);
  const known = new Set(ws.packages.keys());
  for (const name of index.binaries.keys()) known.add(name);
  for (const name of index.providers.keys()) known.add(name);
  return known;
}

function referencesOf(p: PackageDecl, known: ReadonlySet<string>, out: UnknownReference[]): void {
  for (const ref of p.buildDepends) if (!known.has(ref.name)) out.push({ decl: p, ref, context: `the build-depends of '${p.name}'` });
  for (const ref of p.depends) if (!known.has(ref.name)) out.push({ decl: p, ref, context: `the depends of '${p.name}'` });
  for (const set of p.bootstrap) for (const ref of set.items) if (!known.has(ref.name)) out.push({ decl: p, ref, context: `build-depends-bootstrap${set.stage} of '${p.name}'` });
  for (const b of p.binaries) for (const ref of b.depends) if (!known.has(ref.name)) out.push({ decl: p, ref, context: `the depends of binary '${b.name}' of '${p.name}'` });
}

function unknownPackages(ws: Workspace): UnknownPackages {
  const last = lastUnknown.get(ws.entry);
  const change = ws.change;
  let result: UnknownPackages;
  // Binary names change the known names: a package edit that renames, adds or
  // removes a binary or a provided name is checked afresh.
  const binariesMoved = change?.kind === 'package' && !sameDeclaredNames(change.before, change.after);
  if (last && change && change.baseId === last.wsId && !binariesMoved) {
    let refs = last.refs;
    if (change.kind === 'package') {
      refs = refs.filter((u) => u.decl !== change.before);
      // The same names as before: a package keeps its name, and its binaries theirs (binariesMoved).
      referencesOf(change.after, last.known, refs);
    }
    result = { wsId: ws.id, suggest: last.suggest, refs, known: last.known };
  } else {
    const refs: UnknownReference[] = [];
    const known = knownNames(ws);
    for (const file of ws.files) for (const p of file.packages) referencesOf(p, known, refs);
    result = { wsId: ws.id, suggest: cachedSuggester([...known]), refs, known };
  }
  lastUnknown.set(ws.entry, result);
  return result;
}

/**
 * Suggestions for a misspelt dependency of `decl` without `decl` itself (the
 * fix would make a self-loop: \`gcc: [gcd]\` is not a typo for gcc) and
 * without the names its list already holds.
 */
function withoutListed(candidates: string[], decl: PackageDecl, ref: NameRef): string[] {
  const list = [decl.buildDepends, decl.depends, ...decl.bootstrap.map((s) => s.items), ...decl.binaries.map((b) => b.depends)].find((l) => l.includes(ref)) ?? [];
  return candidates.filter((c) => c !== decl.name && !list.some((r) => r.name === c));
}

export function checkReferences(ws: Workspace): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const unknown = unknownPackages(ws);
  const suggestPackage = unknown.suggest;
  const docs = new Map(ws.files.map((f) => [f.uri, f.doc]));

  /** `decl`: the package whose list holds the reference; neither it nor the list's other names are suggested. */
  const unknownPackage = (ref: NameRef, context: string, decl?: PackageDecl) => {
    if (unknown.known.has(ref.name)) return;
    const candidates = decl ? withoutListed(suggestPackage(ref.name), decl, ref) : suggestPackage(ref.name);
    const doc = docs.get(ref.uri)!;
    const fixes = () => definedFixes([
      ...candidates.map((c, i) => makeFix(`Change to '${c}'`, () => [{ uri: ref.uri, edits: replaceScalar(doc, ref.node.pointer, c) }], { isPreferred: i === 0 })),
      makeFix(`Declare package '${ref.name}'`, () => [{ uri: ref.uri, edits: declarePackage(doc, ref.name) }]),
    ]);
    const hint = candidates.length ? `; did you mean '${candidates[0]}'?` : '';
    out.push(at(ref, 'error', 'unknown-package', `unknown package '${ref.name}' in ${context}${hint}`, { fixes, data: { name: ref.name, suggestions: candidates } }));
  };

  for (const u of unknown.refs) unknownPackage(u.ref, u.context, u.decl);
  for (const file of ws.files) {
    for (const s of file.stages) {
      for (const ref of s.installs) unknownPackage(ref, `the installs of stage '${s.name}'`);
      if (s.imports) for (const ref of s.imports.packages) unknownPackage(ref, `the imports of stage '${s.name}'`);
    }
  }

  for (const name of ws.duplicatePackages) {
    const decls = ws.packageDeclarations.get(name)!;
    for (const dup of decls.slice(1)) {
      out.push(at(dup, 'error', 'duplicate-package', `package '${name}' is declared more than once`, {
        on: 'key', related: [keyLocation(decls[0].uri, decls[0].node, `first declaration of '${name}'`)],
      }));
    }
  }
  for (const name of ws.duplicateEnvs) {
    const decls = ws.envDeclarations.get(name)!;
    for (const dup of decls.slice(1)) {
      out.push(at(dup, 'error', 'duplicate-env', `env '${name}' is declared more than once`, {
        on: 'key', related: [keyLocation(decls[0].uri, decls[0].node, `first declaration of '${name}'`)],
      }));
    }
  }
  return out;
}

/** An unknown env or stage name, with did-you-mean fixes. */
export function unknownName(ref: NameRef, kind: 'env' | 'stage', known: string[], docs: Map<string, import('../document/parsed-document').ParsedDocument>, prefix = ''): CoreDiagnostic {
  const candidates = suggest(ref.name, known);
  const doc = docs.get(ref.uri)!;
  const fixes = () => definedFixes(candidates.map((c, i) =>
    makeFix(`Change to '${prefix}${c}'`, () => [{ uri: ref.uri, edits: replaceScalar(doc, ref.node.pointer, prefix + c) }], { isPreferred: i === 0 })));
  const hint = candidates.length ? `; did you mean '${candidates[0]}'?` : '';
  return at(ref, 'error', `unknown-${kind}`, `unknown ${kind} '${ref.name}'${hint}`, { fixes, data: { name: ref.name, suggestions: candidates } });
}
