// What every feature of the server shares: the connection, the open
// documents, the settings, the workspace folders and files, and the analysis.

import * as path from 'path';
import { HeapPolicy } from './heap-policy';
import type { ClientCapabilities, Connection, Disposable, InitializeParams, CancellationToken } from 'vscode-languageserver/node';
import { CancellationToken as Tokens } from 'vscode-languageserver/node';
import { dirnameUri, isInside, pathToUri, uriToPath } from '../core/workspace/uris';
import { OpenDocuments, normalizeUri } from './documents';
import { DEFAULT_SETTINGS, sameSettings, type StrapSettings } from './settings';
import { WorkspaceFiles, watchFilesDynamically } from './workspace-files';
import { AnalysisScheduler } from './analysis-scheduler';
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
  hierarchicalSymbols: boolean;
  snippets: boolean;
  markdown: { hover: boolean; completion: boolean };
  codeActionLiterals: boolean;
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
    hierarchicalSymbols: td.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    snippets: td.completion?.completionItem?.snippetSupport === true,
    markdown: { hover: markdown(td.hover?.contentFormat), completion: markdown(td.completion?.completionItem?.documentationFormat) },
    codeActionLiterals: !!td.codeAction?.codeActionLiteralSupport,
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
  settings: StrapSettings = DEFAULT_SETTINGS;
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
    this.folders = unique(folders.map(normalizeUri).filter((u) => u.startsWith('file:')));
    this.initialized = true;
  }

  setFolders(added: string[], removed: string[]): void {
    const gone = new Set(removed.map(normalizeUri));
    this.folders = unique([...this.folders.filter((f) => !gone.has(f)), ...added.map(normalizeUri).filter((u) => u.startsWith('file:'))]);
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

  /** The files the analysis starts from: bootstrap files on disk and open ones. */
  analysisUris(): string[] {
    const uris = new Set(this.files.all());
    for (const uri of this.documents.uris()) if (this.files.isBootstrapFile(uri)) uris.add(uri);
    return [...uris].sort();
  }

  projectRoot(): string | undefined {
    const p = this.settings.projectRoot;
    if (!p) return undefined;
    if (p.startsWith('file:')) return normalizeUri(p);
    if (path.isAbsolute(p)) return pathToUri(p);
    const base = this.folders[0];
    return base ? pathToUri(path.resolve(uriToPath(base), p)) : undefined;
  }

  onSettingsChanged(listener: (next: StrapSettings, previous: StrapSettings) => void): void {
    this.settingsListeners.push(listener);
  }

  applySettings(next: StrapSettings): void {
    const previous = this.settings;
    if (sameSettings(previous, next)) return;
    this.settings = next;
    const filesChanged = JSON.stringify(previous.files) !== JSON.stringify(next.files);
    for (const listener of this.settingsListeners) {
      try { listener(next, previous); } catch (error) { this.logError('settings listener failed', error); }
    }
    if (filesChanged) {
      void this.files.scan(() => this.analyseNow()).then(() => watchFilesDynamically(this)).catch((error) => this.logError('scanning the workspace failed', error));
    } else {
      this.analysis.changed(0);
    }
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
