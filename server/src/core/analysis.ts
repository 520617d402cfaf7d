// The analysis facade: a pure function of a snapshot (the files' texts, as a
// SourceProvider gives them) to workspaces, their graph and plan, and the
// diagnostics of every file. The server and the CLI both call only this.

import type { CoreDiagnostic, Severity } from './types';
import type { ParsedDocument } from './document/parsed-document';
import type { SourceProvider } from './workspace/source-provider';
import { settingsFor } from './workspace/scopes';
import { entriesOf, loadWorkspace, type DocumentCache, type Workspace, type WorkspaceOptions } from './workspace/workspace';
import { GroupReuse, recordingProvider, type GroupResult } from './workspace/group-reuse';
import { validateAgainstSchema } from './schema/validate';
import { checkReferences } from './checks/references';
import { checkBinaries } from './checks/binaries';
import { checkStageChain } from './checks/stage-chain';
import { syntaxDiagnostics } from './checks/syntax';
import { analyzeBuildGraph, type GraphAnalysis } from './checks/build-graph-checks';

export interface AnalysisOptions extends WorkspaceOptions {
  /** Severity per diagnostic code; 'off' drops the code. A file inside one of `scopes` takes the scope's instead. */
  severity?: Record<string, Severity | 'off'>;
  /** Checked between phases; a cancelled analysis throws CancelledError. */
  isCancelled?: () => boolean;
  cache?: DocumentCache;
  /**
   * Of a cluster too big for an error per cycle, how many marked packages get
   * build-cycle errors (the solver's first choices); default: all of them.
   */
  cycleErrorsPerCluster?: number;
  /**
   * Results of include groups kept from one analysis to the next: a group
   * none of whose inputs changed is taken over whole (see group-reuse.ts).
   * The caller keeps one per stream of analyses (the language server does).
   * With it, a giant cycle cluster's marks also carry over from one analysis to
   * the next while they still break it (see CycleAnalysisOptions.previous).
   */
  reuse?: AnalysisReuse;
}

/** What an analysis keeps for the next one: pass the same object to every analysis of one stream. */
export class AnalysisReuse extends GroupReuse<WorkspaceAnalysis> {}

export class CancelledError extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

export interface WorkspaceAnalysis extends GraphAnalysis {
  workspace: Workspace;
}

export interface Analysis {
  workspaces: WorkspaceAnalysis[];
  documents: Map<string, ParsedDocument>;
  diagnostics: Map<string, CoreDiagnostic[]>;
  /** The workspace a file belongs to (the first, when several include it). */
  workspaceOf(uri: string): WorkspaceAnalysis | undefined;
}

export function analyze(uris: string[], provider: SourceProvider, options: AnalysisOptions): Analysis {
  const steps = analysisSteps(uris, provider, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same analysis, yielding to the event loop between phases so a server
 * stays responsive and a newer edit can cancel it (isCancelled is checked at
 * every step).
 */
export async function analyzeAsync(uris: string[], provider: SourceProvider, options: AnalysisOptions): Promise<Analysis> {
  const steps = analysisSteps(uris, provider, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The analysis as a sequence of phases; each `yield` is a point where it may be cancelled. */
function* analysisSteps(uris: string[], provider: SourceProvider, options: AnalysisOptions): Generator<void, Analysis, void> {
  const cache = options.cache ?? new Map();
  const reuse = options.reuse;
  const optionsKey = reuse ? keyOfOptions(options) : '';
  const run = { analysed: [] as string[], reused: [] as string[] };
  const checkCancelled = () => {
    if (options.isCancelled?.()) throw new CancelledError();
  };

  /** One include group: taken over from the last analysis when nothing it read changed, else analysed. */
  function* group(entry: string): Generator<void, GroupResult<WorkspaceAnalysis>, void> {
    const kept = reuse?.reusable(entry, optionsKey, provider);
    if (kept) {
      run.reused.push(entry);
      return kept;
    }
    yield;
    checkCancelled();
    const recorded = reuse ? recordingProvider(provider) : { provider, probes: [] };
    const read = recorded.provider;
    const perFile = new Map<string, CoreDiagnostic[]>();
    const add = (d: CoreDiagnostic) => {
      const list = perFile.get(d.uri);
      if (list) list.push(d);
      else perFile.set(d.uri, [d]);
    };
    const workspace = loadWorkspace(entry, read, options, cache);
    for (const file of workspace.files) {
      syntaxDiagnostics(file.doc).forEach(add);
      validateAgainstSchema(file.doc).forEach(add);
    }
    yield;
    checkCancelled();
    workspace.includeDiagnostics.forEach(add);
    checkReferences(workspace).forEach(add);
    checkBinaries(workspace).forEach(add);
    checkStageChain(workspace, read, options.roots).forEach(add);
    yield;
    checkCancelled();
    // A stream of analyses (one `reuse`) keeps a giant cluster's marks where they still hold.
    const graph = analyzeBuildGraph(workspace, { errorsPerCluster: options.cycleErrorsPerCluster, keepMarks: reuse !== undefined });
    graph.diagnostics.forEach(add);
    const result: GroupResult<WorkspaceAnalysis> = { value: { workspace, ...graph }, diagnostics: perFile, probes: recorded.probes, optionsKey };
    reuse?.store(entry, result);
    run.analysed.push(entry);
    return result;
  }

  const groups: Array<{ entry: string; result: GroupResult<WorkspaceAnalysis> }> = [];
  const covered = new Set<string>();
  const take = function* (entry: string): Generator<void, void, void> {
    const result = yield* group(entry);
    groups.push({ entry, result });
    for (const f of result.value.workspace.files) covered.add(f.uri);
  };
  for (const entry of entriesOf(uris, provider, options, cache)) yield* take(entry);
  // Files only reachable through a cycle of includes still need analysing.
  for (const uri of uris) if (!covered.has(uri)) yield* take(uri);

  const workspaces = groups.map((g) => g.result.value);
  const documents = new Map<string, ParsedDocument>();
  // The groups each file's diagnostics come from, in group order.
  const sources = new Map<string, Array<GroupResult<WorkspaceAnalysis>>>();
  const from = (uri: string, result: GroupResult<WorkspaceAnalysis>) => {
    const list = sources.get(uri);
    if (!list) sources.set(uri, [result]);
    else if (!list.includes(result)) list.push(result);
  };
  for (const { result } of groups) {
    for (const file of result.value.workspace.files) {
      if (!documents.has(file.uri)) documents.set(file.uri, file.doc);
      from(file.uri, result);
    }
    for (const uri of result.diagnostics.keys()) from(uri, result);
  }

  const diagnostics = new Map<string, CoreDiagnostic[]>();
  const finished = new Map<string, { from: readonly GroupResult<WorkspaceAnalysis>[]; list: CoreDiagnostic[] }>();
  for (const uri of documents.keys()) {
    const contributors = sources.get(uri) ?? [];
    let list = reuse?.finished(uri, contributors);
    if (!list) {
      const all: CoreDiagnostic[] = [];
      for (const g of contributors) {
        const own = g.diagnostics.get(uri);
        if (own) for (const d of own) all.push(d);
      }
      list = finish(all, settingsFor(uri, options).severity, contributors.length > 1);
    }
    diagnostics.set(uri, list);
    finished.set(uri, { from: contributors, list });
  }
  reuse?.settle(groups.map((g) => g.entry), finished, run);
  const owner = new Map<string, WorkspaceAnalysis>();
  for (const w of workspaces) for (const f of w.workspace.files) if (!owner.has(f.uri)) owner.set(f.uri, w);
  return { workspaces, documents, diagnostics, workspaceOf: (uri) => owner.get(uri) };
}

/** Everything of the options a group's results depend on, as a string. */
function keyOfOptions(options: AnalysisOptions): string {
  return JSON.stringify([options.roots, options.projectRoot ?? null, options.files ?? null, options.severity ?? null, options.scopes ?? null, options.cycleErrorsPerCluster ?? null]);
}

/**
 * De-duplicate (a file included by two workspaces is checked twice: `dedupe`;
 * one group never reports the same thing twice), apply severities, sort.
 */
function finish(list: CoreDiagnostic[], severity: Record<string, Severity | 'off'> | undefined, dedupe: boolean): CoreDiagnostic[] {
  const seen = new Set<string>();
  const out: CoreDiagnostic[] = [];
  for (const d of list) {
    if (dedupe) {
      const key = `${d.range.start}:${d.range.end}:${d.code}:${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const override = severity?.[d.code];
    if (override === 'off') continue;
    // A copy keeps lazily computed fixes lazy (their getter is copied, not called).
    out.push(override ? Object.defineProperties(Object.defineProperties({}, Object.getOwnPropertyDescriptors(d)), { severity: { value: override, enumerable: true, writable: true } }) as CoreDiagnostic : d);
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
