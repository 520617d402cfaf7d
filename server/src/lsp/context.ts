// What every feature of the server shares: the connection, the open
// documents, the settings, the workspace folders and files, and the analysis.

import * as path from 'path';
import { HeapPolicy } from './heap-policy';
import type { ClientCapabilities, Connection, Disposable, InitializeParams, CancellationToken } from 'vscode-languageserver/node';
import { CancellationToken as Tokens } from 'vscode-languageserver/node';
import { dirnameUri, isInside, pathToUri, uriToPath } from '../core/workspace/uris';
import { settingsFor, type SettingsScope } from '../core/workspace/scopes';
import { OpenDocuments, normalizeUri } from './documents';
import { DEFAULT_SETTINGS, sameSettings, type StrapSettings } from './settings';
import { WorkspaceFiles, watchFilesDynamically } from './workspace-files';
import { AnalysisScheduler } from './analysis-scheduler';
import { DocumentRoutes } from './document-routes';
import { withTimeout } from './guard';

/** What the client said it supports, reduced to the questions the features ask. */
export interface ClientSupport {
  configuration: boolean;
  didChangeConfigurationDynamic: boolean;
  watchedFilesDynamic: boolean;
  workspaceFolders: boolean;
  workDoneProgress: boolean;
  pullDiagnostics: boolean;
  /** Pulled reports may carry `relatedDocuments` (the other files of an include graph). */
  relatedDocuments: boolean;
  diagnosticRefresh: boolean;
  documentChanges: boolean;
  inlayHintRefresh: boolean;
  /** The client resolves an inlay hint's tooltip (`inlayHint/resolve`) when it shows it. */
  inlayHintTooltipResolve: boolean;
  hierarchicalSymbols: boolean;
  /** The most folding ranges the client keeps per document. */
  foldingRangeLimit: number | undefined;
  snippets: boolean;
  markdown: { hover: boolean; completion: boolean };
  codeActionLiterals: boolean;
  /** The client fills in an action's `edit` by `codeAction/resolve` when it applies it. */
  codeActionEditResolve: boolean;
  prepareRename: boolean;
}

export function clientSupport(caps: ClientCapabilities | undefined): ClientSupport {
  const c = (caps ?? {}) as ClientCapabilities;
  const td = c.textDocument ?? {};
  const ws = c.workspace ?? {};
  const markdown = (formats: unknown) => Array.isArray(formats) && formats.includes('markdown');
  return {
    configuration: ws.configuration === true,
    didChangeConfigurationDynamic: ws.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesDynamic: ws.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: ws.workspaceFolders === true,
    workDoneProgress: c.window?.workDoneProgress === true,
    pullDiagnostics: !!td.diagnostic,
    relatedDocuments: td.diagnostic?.relatedDocumentSupport === true,
    diagnosticRefresh: ws.diagnostics?.refreshSupport === true,
    documentChanges: ws.workspaceEdit?.documentChanges === true,
    inlayHintRefresh: ws.inlayHint?.refreshSupport === true,
    inlayHintTooltipResolve: Array.isArray(td.inlayHint?.resolveSupport?.properties) && td.inlayHint.resolveSupport.properties.includes('tooltip'),
    hierarchicalSymbols: td.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    foldingRangeLimit: typeof td.foldingRange?.rangeLimit === 'number' && td.foldingRange.rangeLimit >= 0 ? td.foldingRange.rangeLimit : undefined,
    snippets: td.completion?.completionItem?.snippetSupport === true,
    markdown: { hover: markdown(td.hover?.contentFormat), completion: markdown(td.completion?.completionItem?.documentationFormat) },
    codeActionLiterals: !!td.codeAction?.codeActionLiteralSupport,
    codeActionEditResolve: Array.isArray(td.codeAction?.resolveSupport?.properties) && td.codeAction.resolveSupport.properties.includes('edit'),
    prepareRename: td.rename?.prepareSupport === true,
  };
}

export interface Progress {
  token: CancellationToken;
  report(percentage: number, message?: string): void;
  done(): void;
}

export class ServerContext {
  readonly documents = new OpenDocuments();
  readonly files: WorkspaceFiles;
  readonly analysis: AnalysisScheduler;
  /** Requests about documents of other languages (debian/control) and where they go. */
  readonly routes = new DocumentRoutes();
  /** The global settings (all of `inlayHints`, `debounceMs`; the rest for files in no folder with settings of its own). */
  settings: StrapSettings = DEFAULT_SETTINGS;
  /**
   * Settings per workspace folder (normalised URI), as the client answered
   * `workspace/configuration` with the folder as `scopeUri`. Empty for
   * clients that only push settings: then the global ones hold everywhere.
   */
  folderSettings: ReadonlyMap<string, StrapSettings> = new Map();
  private scopeList: SettingsScope[] | undefined;
  client: ClientSupport = clientSupport(undefined);
  /** Workspace folders (normalised URIs). */
  folders: string[] = [];
  initialized = false;
  shutdownRequested = false;
  watchRegistration: Disposable | undefined;
  private readonly settingsListeners: Array<(next: StrapSettings, previous: StrapSettings) => void> = [];

  readonly heap: HeapPolicy;

  /** `heapGrowthPercent`: see heap-policy.ts (0: Node's own policy). */
  constructor(readonly connection: Connection, heapGrowthPercent = 0) {
    this.heap = new HeapPolicy(heapGrowthPercent, (message) => this.log(message));
    this.files = new WorkspaceFiles(this);
    this.analysis = new AnalysisScheduler(this);
  }

  initialize(params: InitializeParams): void {
    this.client = clientSupport(params?.capabilities);
    const folders = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri) : [];
    if (folders.length === 0 && typeof params?.rootUri === 'string') folders.push(params.rootUri);
    if (folders.length === 0 && typeof params?.rootPath === 'string' && params.rootPath) folders.push(pathToUri(params.rootPath));
    this.folders = unique(folders.map((f) => this.rememberFolder(f)).filter((u) => u.startsWith('file:')));
    this.scopeList = undefined;
    this.initialized = true;
  }

  setFolders(added: string[], removed: string[]): void {
    const gone = new Set(removed.map(normalizeUri));
    this.folders = unique([...this.folders.filter((f) => !gone.has(f)), ...added.map((f) => this.rememberFolder(f)).filter((u) => u.startsWith('file:'))]);
    this.scopeList = undefined;
  }

  /** The normalised folder URI; the client's spelling is kept for `scopeUri`. */
  private rememberFolder(uri: unknown): string {
    return typeof uri === 'string' ? this.documents.remember(uri) : '';
  }

  /**
   * The per-folder settings as the core takes them: one scope per workspace
   * folder the client gave settings for (a relative `projectRoot` resolved
   * against that folder). Cached until the settings or the folders change.
   */
  scopes(): SettingsScope[] {
    if (!this.scopeList) {
      this.scopeList = [];
      for (const folder of this.folders) {
        const s = this.folderSettings.get(folder);
        if (s) this.scopeList.push({ root: folder, severity: s.severity, files: s.files, projectRoot: resolveProjectRoot(s.projectRoot, folder) });
      }
    }
    return this.scopeList;
  }

  /** The bootstrap-file globs for `uri`: its workspace folder's, else the global ones. */
  filesFor(uri: string): string[] {
    return settingsFor(uri, { files: this.settings.files, scopes: this.scopes() }).files ?? [];
  }

  /**
   * The roots nothing may be read outside of: the workspace folders, and
   * each open bootstrap file outside them on its own (it alone is readable).
   * Without workspace folders, the folder of each open bootstrap file.
   */
  roots(): string[] {
    const roots = [...this.folders];
    for (const uri of this.documents.uris()) {
      if (!uri.startsWith('file:') || !this.files.isBootstrapFile(uri)) continue;
      if (this.folders.length === 0) roots.push(dirnameUri(uri));
      else if (!this.folders.some((f) => isInside(uri, f))) roots.push(uri);
    }
    return unique(roots);
  }

  /**
   * Open bootstrap files outside every workspace folder: each is analysed
   * alone (see WorkspaceOptions.alone); nothing inside the workspace reaches
   * one, by an include or a symbolic link, and it reaches nothing.
   */
  aloneFiles(): string[] {
    if (this.folders.length === 0) return [];
    return this.documents.uris().filter((uri) => uri.startsWith('file:') && this.files.isBootstrapFile(uri) && !this.folders.some((f) => isInside(uri, f)));
  }

  /** The files the analysis starts from: bootstrap files on disk and open ones. */
  analysisUris(): string[] {
    const uris = new Set(this.files.all());
    for (const uri of this.documents.uris()) if (this.files.isBootstrapFile(uri)) uris.add(uri);
    return [...uris].sort();
  }

  /** The global `projectRoot` (a relative one against the first workspace folder). */
  projectRoot(): string | undefined {
    return resolveProjectRoot(this.settings.projectRoot, this.folders[0]);
  }

  onSettingsChanged(listener: (next: StrapSettings, previous: StrapSettings) => void): void {
    this.settingsListeners.push(listener);
  }

  /** Settings read at start, before the first scan: taken as they are. */
  setInitialSettings(global: StrapSettings, folders: ReadonlyMap<string, StrapSettings> = new Map()): void {
    this.settings = global;
    this.folderSettings = folders;
    this.scopeList = undefined;
  }

  /**
   * New settings (global, and per folder; no folders: the global ones hold
   * everywhere). Re-analyses, re-scanning the workspace when the globs
   * changed, unless `rescan` is false (the caller scans anyway). Returns
   * whether the globs changed.
   */
  applySettings(next: StrapSettings, folders: ReadonlyMap<string, StrapSettings> = new Map(), rescan = true): boolean {
    const previous = this.settings;
    if (sameSettings(previous, next) && sameFolderSettings(this.folderSettings, folders)) return false;
    const globsBefore = this.globsKey();
    this.settings = next;
    this.folderSettings = folders;
    this.scopeList = undefined;
    const filesChanged = this.globsKey() !== globsBefore;
    for (const listener of this.settingsListeners) {
      try { listener(next, previous); } catch (error) { this.logError('settings listener failed', error); }
    }
    if (!rescan) return filesChanged;
    if (filesChanged) {
      void this.files.scan(() => this.analyseNow()).then(() => watchFilesDynamically(this)).catch((error) => this.logError('scanning the workspace failed', error));
    } else {
      this.analysis.changed(0);
    }
    return filesChanged;
  }

  /** Every glob in force, global and per folder (for the file watchers). */
  allFileGlobs(): string[] {
    return unique([...this.settings.files, ...this.scopes().flatMap((s) => s.files ?? [])]);
  }

  private globsKey(): string {
    return JSON.stringify([this.settings.files, this.scopes().map((s) => [s.root, s.files])]);
  }

  /** Analyse at once (after a workspace-wide change: settings, folders). */
  analyseNow(): void {
    this.analysis.changed(0);
    this.analysis.fresh();
  }

  /** Server-initiated work-done progress when the client supports it; a no-op otherwise. */
  async beginProgress(title: string): Promise<Progress> {
    const none: Progress = { token: Tokens.None, report() {}, done() {} };
    if (!this.client.workDoneProgress) return none;
    try {
      const reporter = await withTimeout(this.connection.window.createWorkDoneProgress(), 3000);
      if (!reporter) return none;
      reporter.begin(title, 0);
      return {
        token: reporter.token,
        report: (percentage, message) => (message === undefined ? reporter.report(percentage) : reporter.report(percentage, message)),
        done: () => reporter.done(),
      };
    } catch {
      return none;
    }
  }

  log(message: string): void {
    try { this.connection.console.log(`strap: ${message}`); } catch { /* the connection is gone */ }
  }

  logError(message: string, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    try { this.connection.console.error(`strap: ${message}: ${detail}`); } catch { /* the connection is gone */ }
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** A `projectRoot` setting as a URI: absolute, or relative to `base` (a folder URI). */
function resolveProjectRoot(p: string | undefined, base: string | undefined): string | undefined {
  if (!p) return undefined;
  if (p.startsWith('file:')) return normalizeUri(p);
  if (path.isAbsolute(p)) return pathToUri(p);
  return base ? pathToUri(path.resolve(uriToPath(base), p)) : undefined;
}

function sameFolderSettings(a: ReadonlyMap<string, StrapSettings>, b: ReadonlyMap<string, StrapSettings>): boolean {
  if (a.size !== b.size) return false;
  for (const [folder, settings] of a) {
    const other = b.get(folder);
    if (!other || !sameSettings(settings, other)) return false;
  }
  return true;
}
