// "Build P without Q in bootstrap stage N" as text edits: insert
// `build-depends-bootstrapN` after the package's build-depends (or its last
// bootstrap set), or rewrite the existing set, in the file that declares P.

import type { FileEdits } from '../types';
import type { Workspace } from '../workspace/workspace';
import { joinPointer } from '../document/json-pointer';
import { replaceList, setMember } from '../edits';

export function bootstrapAnnotationEdits(ws: Workspace, packageName: string, stage: number, newSet: string[], update: boolean): FileEdits[] {
  const pkg = ws.packages.get(packageName);
  if (!pkg) return [];
  const doc = ws.files.find((f) => f.uri === pkg.uri)!.doc;
  const key = `build-depends-bootstrap${stage}`;
  const existing = pkg.bootstrap.find((b) => b.stage === stage);
  if (update && existing) {
    return [{ uri: pkg.uri, edits: replaceList(doc, existing.node.pointer, newSet) }];
  }
  const after = [...pkg.bootstrap].filter((b) => b.stage < stage).pop()?.node.key ?? (pkg.buildDependsNode ? 'build-depends' : undefined);
  return [{ uri: pkg.uri, edits: setMember(doc, pkg.node.pointer, key, newSet, after ? { after } : undefined) }];
}

export function bootstrapKeyPointer(packagePointer: string, stage: number): string {
  return joinPointer(packagePointer, `build-depends-bootstrap${stage}`);
}
