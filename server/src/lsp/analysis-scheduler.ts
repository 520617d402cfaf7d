// When the analysis runs: a short debounce after changes, at once when a
// request needs fresh results. A newer change cancels the pending analysis
// (and a running one, between its phases); results of a superseded run are
// dropped. The latest snapshot is what every feature answers from.
//
// An edit costs what its own include group costs: the texts of files on disk
// are kept while their modification time holds, and the results of every
// include group whose inputs did not change are taken over from the last
// analysis (core/workspace/group-reuse.ts), so unrelated bootstrap files
// beside the edited one are analysed once, and again only when they change.

import { analyze, analyzeAsync, AnalysisReuse, CancelledError, type Analysis, type AnalysisOptions } from '../core/analysis';
import { DiskTextCache } from '../cli/disk-provider';
import { uriToPath } from '../core/workspace/uris';
import type { DocumentCache } from '../core/workspace/workspace';
import type { ServerContext } from './context';
import { overlayProvider } from './documents';

export interface Snapshot {
  analysis: Analysis;
  /** Versions of the open documents the analysis saw (normalised URIs). */
  versions: Map<string, number>;
  /** Increases with every completed analysis. */
  serial: number;
}

export class AnalysisScheduler {
  private timer: NodeJS.Timeout | undefined;
  /** Bumped by every change; an analysis is current when it saw the latest generation. */
  private generation = 0;
  private analysedGeneration = -1;
  private current: Snapshot | undefined;
  private serial = 0;
  private held = true;
  private readonly cache: DocumentCache = new Map();
  private readonly diskTexts = new DiskTextCache();
  /** Include groups kept from one analysis to the next. */
  readonly reuse = new AnalysisReuse();
  private readonly listeners: Array<(snapshot: Snapshot, previous: Snapshot | undefined) => void> = [];
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly ctx: ServerContext) {}

  /** Something the analysis reads changed: analyse after the debounce (or `delayMs`). */
  changed(delayMs?: number): void {
    this.generation++;
    this.schedule(delayMs ?? this.ctx.settings.debounceMs);
  }

  /** Until the start-up scan is done, only requests trigger an analysis. */
  release(): void {
    this.held = false;
    this.generation++;
    this.run();
  }

  get isCurrent(): boolean {
    return this.current !== undefined && this.analysedGeneration === this.generation;
  }

  /** The latest snapshot, analysing first if anything changed since. */
  fresh(): Snapshot | undefined {
    if (!this.isCurrent) this.run();
    return this.current;
  }

  latest(): Snapshot | undefined {
    return this.current;
  }

  onAnalysed(listener: (snapshot: Snapshot, previous: Snapshot | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves after the next completed analysis (or at once when `token`-style callers give up). */
  nextAnalysis(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.held = true;
    this.waiters.splice(0).forEach((resolve) => resolve());
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held || this.ctx.shutdownRequested) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runInBackground();
    }, Math.max(0, delayMs));
  }

  /** Analyse now, synchronously: a request needs the answer for the current text. */
  private run(): void {
    this.execute('now');
  }

  /** Analyse in steps, yielding between them, so a newer change can cancel it. */
  private runInBackground(): void {
    this.execute('background');
  }

  private execute(mode: 'now' | 'background'): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const generation = this.generation;
    const ctx = this.ctx;
    const versions = new Map<string, number>();
    const failed = (error: unknown) => {
      if (error instanceof CancelledError) return; // a newer analysis is on its way
      ctx.logError('analysis failed', error);
      // Do not retry the same input in a loop; the next change tries again.
      this.analysedGeneration = generation;
      this.waiters.splice(0).forEach((resolve) => resolve());
    };
    try {
      const roots = ctx.roots();
      const uris = roots.length ? ctx.analysisUris() : [];
      let openChars = 0;
      for (const uri of ctx.documents.uris()) {
        const v = ctx.documents.version(uri);
        if (typeof v === 'number') versions.set(uri, v);
        openChars += ctx.documents.textLength(uri);
      }
      ctx.heap.beforeAnalysis(openChars);
      const options: AnalysisOptions = {
        roots,
        projectRoot: ctx.projectRoot(),
        files: ctx.settings.files,
        severity: ctx.settings.severity,
        cycleErrorsPerCluster: ctx.settings.cycleErrorsPerCluster,
        scopes: ctx.scopes(),
        alone: ctx.aloneFiles(),
        cache: this.cache,
        reuse: this.reuse,
        isCancelled: () => this.generation !== generation || ctx.shutdownRequested,
      };
      const provider = overlayProvider(ctx.documents, roots, this.diskTexts);
      if (mode === 'now') this.publish(generation, analyze(uris, provider, options), versions);
      else analyzeAsync(uris, provider, options).then((analysis) => this.publish(generation, analysis, versions), failed);
    } catch (error) {
      failed(error);
    }
  }

  /** For a client that turned tracing on (`$/setTrace`): which include groups the analysis redid, and which it took over. */
  private trace(): void {
    const { analysed, reused } = this.reuse.lastRun;
    const groups = (n: number) => `${n} include group${n === 1 ? '' : 's'}`;
    try {
      this.ctx.connection.tracer.log(`strap: analysis: ${groups(analysed.length)} analysed, ${groups(reused.length)} taken over`, `analysed: ${analysed.join(' ') || '-'}\ntaken over: ${reused.join(' ') || '-'}`);
    } catch { /* the connection is gone */ }
  }

  private publish(generation: number, analysis: Analysis, versions: Map<string, number>): void {
    if (this.generation !== generation) return; // superseded while running: drop
    // Files no longer analysed need not stay parsed.
    for (const uri of this.cache.keys()) if (!analysis.documents.has(uri)) this.cache.delete(uri);
    if (this.diskTexts.size > 0) {
      const analysed = new Set<string>();
      for (const uri of analysis.documents.keys()) {
        try { analysed.add(uriToPath(uri)); } catch { /* not a file */ }
      }
      this.diskTexts.retain((file) => analysed.has(file));
    }
    let analysedChars = 0;
    for (const doc of analysis.documents.values()) analysedChars += doc.source.length;
    const redone = new Set(this.reuse.lastRun.analysed);
    let redoneChars = 0;
    for (const w of analysis.workspaces) if (redone.has(w.workspace.entry)) for (const f of w.workspace.files) redoneChars += f.doc.source.length;
    this.ctx.heap.afterAnalysis(analysedChars, redoneChars);
    this.trace();
    const previous = this.current;
    this.analysedGeneration = generation;
    this.current = { analysis, versions, serial: ++this.serial };
    for (const listener of this.listeners) {
      try { listener(this.current, previous); } catch (error) { this.ctx.logError('publishing the analysis failed', error); }
    }
    this.waiters.splice(0).forEach((resolve) => resolve());
    this.ctx.heap.afterPublish();
  }
}
