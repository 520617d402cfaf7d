// References: unknown package, env and stage names (with did-you-mean and
// "declare package X"), and declarations duplicated across included files.

import type { CoreDiagnostic } from '../types';
import { definedFixes, makeFix } from '../fixes/make-fix';
import type { NameRef, PackageDecl } from '../model/file-model';
import type { Workspace } from '../workspace/workspace';
import { suggest, cachedSuggester } from '../text/suggest';
import { replaceScalar } from '../edits';
import { declarePackage } from '../fixes/declare-package';
import { at, keyLocation } from './diagnostic';

// The references of a package that name no package, per declaration, valid
// while the package names are the same (the suggester stands for that list):
// an edit re-checks only the package it touched.
const unknownOf = new WeakMap<PackageDecl, { names: object; refs: Array<[NameRef, string]> }>();

function unknownReferences(p: PackageDecl, ws: Workspace, names: object): Array<[NameRef, string]> {
  const hit = unknownOf.get(p);
  if (hit && hit.names === names) return hit.refs;
  const refs: Array<[NameRef, string]> = [];
  for (const ref of p.buildDepends) if (!ws.packages.has(ref.name)) refs.push([ref, `the build-depends of '${p.name}'`]);
  for (const ref of p.depends) if (!ws.packages.has(ref.name)) refs.push([ref, `the depends of '${p.name}'`]);
  for (const set of p.bootstrap) for (const ref of set.items) if (!ws.packages.has(ref.name)) refs.push([ref, `build-depends-bootstrap${set.stage} of '${p.name}'`]);
  unknownOf.set(p, { names, refs });
  return refs;
}

export function checkReferences(ws: Workspace): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const suggestPackage = cachedSuggester([...ws.packages.keys()]);
  const docs = new Map(ws.files.map((f) => [f.uri, f.doc]));

  const unknownPackage = (ref: NameRef, context: string) => {
    if (ws.packages.has(ref.name)) return;
    const candidates = suggestPackage(ref.name);
    const doc = docs.get(ref.uri)!;
    const fixes = () => definedFixes([
      ...candidates.map((c, i) => makeFix(`Change to '${c}'`, () => [{ uri: ref.uri, edits: replaceScalar(doc, ref.node.pointer, c) }], { isPreferred: i === 0 })),
      makeFix(`Declare package '${ref.name}'`, () => [{ uri: ref.uri, edits: declarePackage(doc, ref.name) }]),
    ]);
    const hint = candidates.length ? `; did you mean '${candidates[0]}'?` : '';
    out.push(at(ref, 'error', 'unknown-package', `unknown package '${ref.name}' in ${context}${hint}`, { fixes, data: { name: ref.name, suggestions: candidates } }));
  };

  for (const file of ws.files) {
    for (const p of file.packages) {
      for (const [ref, context] of unknownReferences(p, ws, suggestPackage)) unknownPackage(ref, context);
    }
    for (const s of file.stages) {
      for (const ref of s.installs) unknownPackage(ref, `the installs of stage '${s.name}'`);
      if (s.imports) for (const ref of s.imports.packages) unknownPackage(ref, `the imports of stage '${s.name}'`);
    }
  }

  for (const [name, decls] of ws.packageDeclarations) {
    for (const dup of decls.slice(1)) {
      out.push(at(dup, 'error', 'duplicate-package', `package '${name}' is declared more than once`, {
        on: 'key', related: [keyLocation(decls[0].uri, decls[0].node, `first declaration of '${name}'`)],
      }));
    }
  }
  for (const [name, decls] of ws.envDeclarations) {
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
