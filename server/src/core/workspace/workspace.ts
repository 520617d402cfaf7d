// A workspace: an entry bootstrap file and every file it includes,
// transitively, loaded through a SourceProvider and confined to the roots.
// Packages, stages and envs of all its files form one model.

import { LatestPerKey } from '../remembered';
import type { CoreDiagnostic } from '../types';
import { parseDocument, parseSource, type ParsedDocument } from '../document/parsed-document';
import { reparseDocument } from '../document/incremental';
import { buildFileModel, type EnvDecl, type FileModel, type PackageDecl, type StageDecl } from '../model/file-model';
import type { SourceProvider } from './source-provider';
import { dirnameUri, isInside, resolveReference } from './uris';
import { DEFAULT_BOOTSTRAP_NAMES, isBootstrapFile, SCHEMA_DECLARATION_HEAD } from './bootstrap-files';
import type { SourceText } from '../text/piece-text';
import { settingsFor, type SettingsScope } from './scopes';

export interface WorkspaceOptions {
  /** Folders (URIs) nothing may be read outside of. */
  roots: string[];
  /** The folder `@/` stands for; default: the entry file's folder. */
  projectRoot?: string;
  /**
   * Globs of bootstrap files (`strap.files`, `strap check --files`), relative
   * to the roots; absent or empty: the default names. An include must name a
   * bootstrap file by them (see isBootstrapFile).
   */
  files?: string[];
  /**
   * Per-folder settings (a multi-root workspace): a file inside a scope's
   * root takes its `files` and `projectRoot` (and `severity`, see
   * AnalysisOptions) instead of the ones above; see settingsFor.
   */
  scopes?: readonly SettingsScope[];
  /**
   * Files analysed alone (an editor's open file outside every workspace
   * folder; each is also one of the roots): such a file follows no include,
   * and no file of another root reaches it, by an include or a symbolic link.
   */
  alone?: readonly string[];
}

export interface Workspace {
  entry: string;
  projectRoot: string;
  /** Files in include order (depth first, the entry first). */
  files: FileModel[];
  /** Diagnostics about includes, keyed by the including file. */
  includeDiagnostics: CoreDiagnostic[];
  /** Resolved include targets of each include node: `${uri}#${pointer}` -> target URI. */
  includeTargets: Map<string, string>;
  packages: Map<string, PackageDecl>;
  /** Every declaration of every package, for duplicates and navigation. */
  packageDeclarations: Map<string, PackageDecl[]>;
  /** The stage chain: entry file's stages first, then each included file's in include order. */
  stages: StageDecl[];
  envs: Map<string, EnvDecl>;
  envDeclarations: Map<string, EnvDecl[]>;
  /** Names declared more than once (packages, then envs), for the duplicate checks. */
  duplicatePackages: string[];
  duplicateEnvs: string[];
  /** Unique per workspace built: later phases remember results by it. */
  id: number;
  /**
   * Set when this workspace is the previous one (`baseId`) with one
   * declaration replaced by another of the same name: its maps were patched,
   * and later phases may patch their results the same way.
   */
  change?: WorkspaceChange;
}

export type WorkspaceChange =
  | { kind: 'none'; baseId: number }
  | { kind: 'package'; baseId: number; before: PackageDecl; after: PackageDecl }
  | { kind: 'stage'; baseId: number; before: StageDecl; after: StageDecl }
  | { kind: 'env'; baseId: number; before: EnvDecl; after: EnvDecl };

let nextWorkspaceId = 1;
// The last workspace per entry file, and the models it was built from.
const lastWorkspaces = new LatestPerKey<Workspace>(64);

/** Parse cache keyed by text, so unchanged files are not parsed again across analyses. */
export type DocumentCache = Map<string, ParsedDocument>;

export function loadWorkspace(entry: string, provider: SourceProvider, options: WorkspaceOptions, cache?: DocumentCache): Workspace {
  const projectRoot = settingsFor(entry, options).projectRoot ?? dirnameUri(entry);
  const ws: Workspace = {
    entry, projectRoot, files: [], includeDiagnostics: [], includeTargets: new Map(),
    packages: new Map(), packageDeclarations: new Map(), stages: [], envs: new Map(), envDeclarations: new Map(),
    duplicatePackages: [], duplicateEnvs: [], id: nextWorkspaceId++,
  };
  const loaded = new Set<string>();
  // Depth-first, iteratively: the include graph may be deep or cyclic.
  const stack: string[] = [entry];
  while (stack.length) {
    const uri = stack.pop()!;
    if (loaded.has(uri) || reachesAloneFile(uri, provider, options)) continue;
    const text = provider.read(uri);
    if (text === undefined) continue;
    loaded.add(uri);
    const model = buildFileModel(parseCached(uri, text, cache));
    ws.files.push(model);
    const next: string[] = [];
    for (const include of model.includes) {
      const target = resolveReference(include.value, dirnameUri(uri), projectRoot);
      const problem = includeProblem(include.value, target, provider, options, uri);
      if (problem) {
        ws.includeDiagnostics.push({
          uri, range: { start: include.node.range.start, end: include.node.range.end }, severity: 'error', code: problem.code, message: problem.message,
          data: { pointer: include.node.pointer, target },
        });
        continue;
      }
      ws.includeTargets.set(`${uri}#${include.node.pointer}`, target);
      if (target === uri || loaded.has(target)) continue;
      next.push(target);
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  const last = lastWorkspaces.get(entry);
  if (!(last && patchDeclarations(ws, last))) collectDeclarations(ws);
  lastWorkspaces.set(entry, ws);
  return ws;
}

/**
 * When the files are the last workspace's, one of them with one declaration
 * replaced by another of the same name (an edit inside one package, stage or
 * env), takes over the last workspace's maps and patches that entry, instead
 * of declaring every package again. The last workspace is superseded: its
 * documents were consumed by the incremental re-parse.
 */
function patchDeclarations(ws: Workspace, last: Workspace): boolean {
  if (last.files.length !== ws.files.length || last.projectRoot !== ws.projectRoot) return false;
  let changed: FileModel | undefined;
  for (let k = 0; k < ws.files.length; k++) {
    const now = ws.files[k];
    const before = last.files[k];
    if (now === before) continue;
    if (changed || now.uri !== before.uri || now.change?.baseDocId !== before.doc.id) return false;
    changed = now;
  }
  const change = changed?.change;
  if (!change || (change.kind !== 'none' && change.before.name !== change.after.name)) return false;
  Object.assign(ws, {
    packages: last.packages, packageDeclarations: last.packageDeclarations, envs: last.envs, envDeclarations: last.envDeclarations,
    duplicatePackages: last.duplicatePackages, duplicateEnvs: last.duplicateEnvs,
  });
  if (change.kind === 'package') replaceDeclaration(ws.packageDeclarations, ws.packages, change.before, change.after);
  else if (change.kind === 'env') replaceDeclaration(ws.envDeclarations, ws.envs, change.before, change.after);
  for (const file of ws.files) ws.stages.push(...file.stages);
  ws.change = { ...change, baseId: last.id } as WorkspaceChange;
  return true;
}

function replaceDeclaration<T extends { name: string }>(all: Map<string, T[]>, first: Map<string, T>, before: T, after: T): void {
  const list = all.get(before.name);
  const i = list ? list.indexOf(before) : -1;
  if (!list || i < 0) return;
  list[i] = after;
  if (first.get(before.name) === before) first.set(before.name, after);
}

export function parseCached(uri: string, text: SourceText, cache?: DocumentCache): ParsedDocument {
  const hit = cache?.get(uri);
  // A buffer's pieces compare by identity: the same version.
  if (hit && hit.source === text) return hit;
  // An edited document re-parses only what changed, when it safely can.
  const doc = reparseDocument(hit, text) ?? parseSource(uri, text);
  cache?.set(uri, doc);
  return doc;
}

function isAlone(uri: string, options: WorkspaceOptions): boolean {
  return !!options.alone?.length && options.alone.includes(uri);
}

/** Whether `uri` is another name (a symbolic link) of a file analysed alone. */
function reachesAloneFile(uri: string, provider: SourceProvider, options: WorkspaceOptions): boolean {
  if (!options.alone?.length || isAlone(uri, options)) return false;
  const real = provider.realUri(uri);
  return real !== undefined && real !== uri && isAlone(real, options);
}

function includeProblem(written: string, target: string, provider: SourceProvider, options: WorkspaceOptions, from: string): { code: string; message: string } | undefined {
  if (isAlone(from, options)) return { code: 'include-outside-root', message: `'${written}' is not followed: this file is outside the workspace folders and is analysed alone` };
  if (target !== from && (isAlone(target, options) || reachesAloneFile(target, provider, options))) {
    return { code: 'include-outside-root', message: `'${written}' is outside the workspace folders; strap reads no file outside them` };
  }
  const inRoots = (u: string) => options.roots.length === 0 || options.roots.some((root) => isInside(u, root));
  if (!inRoots(target)) return { code: 'include-outside-root', message: `'${written}' is outside the workspace root; strap reads no file outside it` };
  // The included file is a bootstrap file by the globs of its own folder.
  const globs = settingsFor(target, options).files;
  if (!isBootstrapFile(target, globs, options.roots, (u) => provider.read(u)?.slice(0, SCHEMA_DECLARATION_HEAD))) return { code: 'include-not-bootstrap', message: `'${written}' is not a bootstrap file (${bootstrapFilesDescription(globs)})` };
  const real = provider.realUri(target);
  if (real === undefined) return { code: 'include-missing', message: `included file '${written}' does not exist` };
  if (!inRoots(real)) return { code: 'include-outside-root', message: `'${written}' leads outside the workspace root through a symbolic link; strap reads no file outside it` };
  return undefined;
}

function bootstrapFilesDescription(globs: string[] | undefined): string {
  const configured = (globs ?? []).filter((g) => g.trim() !== '');
  if (configured.length === 0) return DEFAULT_BOOTSTRAP_NAMES;
  return `${DEFAULT_BOOTSTRAP_NAMES}, or the configured globs: ${configured.map((g) => `'${g}'`).join(', ')}`;
}

/** Every declaration under its name; the first one is the one that counts. */
function declare<T extends { name: string }>(all: Map<string, T[]>, first: Map<string, T>, decl: T, duplicates: string[]): void {
  const list = all.get(decl.name);
  if (list) {
    list.push(decl);
    if (list.length === 2) duplicates.push(decl.name);
  } else {
    all.set(decl.name, [decl]);
    first.set(decl.name, decl);
  }
}

function collectDeclarations(ws: Workspace): void {
  for (const file of ws.files) {
    for (const p of file.packages) declare(ws.packageDeclarations, ws.packages, p, ws.duplicatePackages);
    for (const e of file.envs) declare(ws.envDeclarations, ws.envs, e, ws.duplicateEnvs);
    ws.stages.push(...file.stages);
  }
}

/**
 * The workspaces of a set of bootstrap files, one per entry file: a file no
 * other file of the set includes. A file in an include cycle with no outside
 * entry is its own entry.
 */
export function findEntries(uris: string[], provider: SourceProvider, options: WorkspaceOptions, cache?: DocumentCache): Workspace[] {
  const workspaces = entriesOf(uris, provider, options, cache).map((entry) => loadWorkspace(entry, provider, options, cache));
  // Files only reachable through a cycle of includes still need analysing.
  const covered = new Set<string>();
  for (const ws of workspaces) for (const f of ws.files) covered.add(f.uri);
  for (const uri of uris) {
    if (!covered.has(uri)) {
      const ws = loadWorkspace(uri, provider, options, cache);
      workspaces.push(ws);
      for (const f of ws.files) covered.add(f.uri);
    }
  }
  return workspaces;
}

/**
 * The entry files of a set of bootstrap files: those no other file of the set
 * includes. (A file in an include cycle with no outside entry is found
 * uncovered after the entries' workspaces are loaded; see findEntries.)
 */
export function entriesOf(uris: string[], provider: SourceProvider, options: WorkspaceOptions, cache?: DocumentCache): string[] {
  const included = new Set<string>();
  for (const uri of uris) {
    const text = provider.read(uri);
    if (text === undefined) continue;
    const model = buildFileModel(parseCached(uri, text, cache));
    for (const include of model.includes) {
      const target = resolveReference(include.value, dirnameUri(uri), settingsFor(uri, options).projectRoot ?? dirnameUri(uri));
      // A file analysed alone includes nothing and is included by nothing.
      if (target !== uri && !isAlone(uri, options) && !isAlone(target, options)) included.add(target);
    }
  }
  return uris.filter((u) => !included.has(u));
}
