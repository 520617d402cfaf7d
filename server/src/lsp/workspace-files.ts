// Which bootstrap files the workspace holds: found by a scan of the
// workspace folders at start (with work-done progress), kept current by
// `workspace/didChangeWatchedFiles` (registered dynamically where the client
// allows it) and by didOpen/didSave. Symbolic links are not followed.

import * as path from 'path';
import { DidChangeWatchedFilesNotification, FileChangeType, WatchKind, type Connection, type FileEvent } from 'vscode-languageserver/node';
import { isInside, pathToUri, uriToPath } from '../core/workspace/uris';
import { isBootstrapFile, SCHEMA_DECLARATION_HEAD } from '../core/workspace/bootstrap-files';
import { discoverFiles } from '../cli/discover';
import { readHead } from '../cli/disk-provider';
import type { ServerContext } from './context';
import { notification, withTimeout } from './guard';

export class WorkspaceFiles {
  /** Bootstrap files known on disk (normalised URIs). */
  private readonly files = new Set<string>();

  constructor(private readonly ctx: ServerContext) {}

  all(): string[] {
    return [...this.files];
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /**
   * Whether a file is a bootstrap file: the default names, or the globs of
   * its workspace folder (else the global globs), relative to the workspace
   * folders, or a text naming the strap schema (an open document's, else the
   * file's on disk inside a workspace folder).
   */
  isBootstrapFile(uri: string): boolean {
    return isBootstrapFile(uri, this.ctx.filesFor(uri), this.ctx.folders, (u) => this.head(u));
  }

  private head(uri: string): string | undefined {
    const open = this.ctx.documents.source(uri);
    if (open !== undefined) return open.slice(0, SCHEMA_DECLARATION_HEAD);
    if (!this.ctx.folders.some((f) => isInside(uri, f))) return undefined;
    try { return readHead(uriToPath(uri)); } catch { return undefined; }
  }

  /**
   * Look through every workspace folder for bootstrap files, then run
   * `andThen` (the workspace-wide analysis) under the same work-done progress.
   */
  async scan(andThen?: () => void): Promise<void> {
    const folders = [...this.ctx.folders];
    const progress = await this.ctx.beginProgress('strap: analysing the workspace');
    try {
      const found = new Set<string>();
      folders.forEach((folder, i) => {
        progress.report(Math.round((i / Math.max(1, folders.length)) * 50), `scanning ${path.basename(uriToPath(folder))}`);
        let folderPath: string;
        try { folderPath = uriToPath(folder); } catch { return; }
        const { files } = discoverFiles([folderPath], folderPath, (p) => this.isBootstrapFile(pathToUri(p)));
        for (const f of files) found.add(pathToUri(f));
      });
      this.files.clear();
      for (const f of found) this.files.add(f);
      if (andThen) {
        progress.report(50, `analysing ${found.size} bootstrap file${found.size === 1 ? '' : 's'}`);
        // Let the report go out before the (synchronous) analysis.
        await new Promise<void>((resolve) => setImmediate(resolve));
        andThen();
      }
    } finally {
      progress.done();
    }
  }

  /** A file seen through didOpen or didSave: it exists, and counts if its name says so. */
  touch(uri: string): void {
    if (this.isBootstrapFile(uri) && this.ctx.folders.some((f) => isInside(uri, f))) this.files.add(uri);
  }

  /** Apply watched-file events; true when anything the analysis reads may have changed. */
  apply(changes: FileEvent[]): boolean {
    let relevant = false;
    for (const change of changes) {
      if (!change || typeof change.uri !== 'string') continue;
      const uri = this.ctx.documents.remember(change.uri);
      relevant = true;
      if (change.type === FileChangeType.Deleted) {
        this.files.delete(uri);
        // A deleted folder: drop everything below it.
        for (const f of this.files) if (isInside(f, uri)) this.files.delete(f);
      } else if (this.isBootstrapFile(uri) && this.ctx.folders.some((f) => isInside(uri, f))) {
        this.files.add(uri);
      }
    }
    return relevant;
  }
}

export function registerWorkspaceFiles(ctx: ServerContext, connection: Connection): void {
  connection.onDidChangeWatchedFiles(notification(ctx, 'workspace/didChangeWatchedFiles', (params) => {
    if (ctx.files.apply(Array.isArray(params.changes) ? params.changes : [])) ctx.analysis.changed();
  }));
}

/** Ask the client to watch bootstrap files (every change) and every file (creation and deletion: `run` scripts, `requirements`). */
export async function watchFilesDynamically(ctx: ServerContext): Promise<void> {
  if (!ctx.client.watchedFilesDynamic) return;
  // The default names always count; the globs of every folder add to them
  // (an event is checked against its own folder's globs when it arrives).
  const globs = [
    '**/{bootstrap,*.bootstrap}.{yaml,yml,json,jsonc}',
    ...ctx.allFileGlobs().map((g) => (g.includes('/') || path.isAbsolute(g) ? g : `**/${g}`)),
  ];
  try {
    ctx.watchRegistration?.dispose();
    ctx.watchRegistration = await withTimeout(
      ctx.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          ...globs.map((globPattern) => ({ globPattern })),
          { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
        ],
      }),
      3000,
    );
  } catch (error) {
    ctx.log(`could not register file watchers: ${(error as Error)?.message ?? error}`);
  }
}
