// The analysis facade: a pure function of a snapshot (the files' texts, as a
// SourceProvider gives them) to workspaces, their graph and plan, and the
// diagnostics of every file. The server and the CLI both call only this.

import type { CoreDiagnostic, Severity } from './types';
import type { ParsedDocument } from './document/parsed-document';
import type { SourceProvider } from './workspace/source-provider';
import { settingsFor } from './workspace/scopes';
import { findEntries, type DocumentCache, type Workspace, type WorkspaceOptions } from './workspace/workspace';
import { validateAgainstSchema } from './schema/validate';
import { checkReferences } from './checks/references';
import { checkStageChain } from './checks/stage-chain';
import { syntaxDiagnostics } from './checks/syntax';
import { analyzeBuildGraph, type GraphAnalysis } from './checks/build-graph-checks';

export interface AnalysisOptions extends WorkspaceOptions {
  /** Severity per diagnostic code; 'off' drops the code. A file inside one of `scopes` takes the scope's instead. */
  severity?: Record<string, Severity | 'off'>;
  /** Checked between phases; a cancelled analysis throws CancelledError. */
  isCancelled?: () => boolean;
  cache?: DocumentCache;
}

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
  const checkCancelled = () => {
    if (options.isCancelled?.()) throw new CancelledError();
  };
  const loaded = findEntries(uris, provider, options, cache);
  const workspaces: WorkspaceAnalysis[] = [];
  const documents = new Map<string, ParsedDocument>();
  const perFile = new Map<string, CoreDiagnostic[]>();
  const add = (d: CoreDiagnostic) => {
    const list = perFile.get(d.uri);
    if (list) list.push(d);
    else perFile.set(d.uri, [d]);
  };

  for (const workspace of loaded) {
    yield;
    checkCancelled();
    for (const file of workspace.files) {
      if (documents.has(file.uri)) continue;
      documents.set(file.uri, file.doc);
      syntaxDiagnostics(file.doc).forEach(add);
      validateAgainstSchema(file.doc).forEach(add);
    }
    yield;
    checkCancelled();
    workspace.includeDiagnostics.forEach(add);
    checkReferences(workspace).forEach(add);
    checkStageChain(workspace, provider, options.roots).forEach(add);
    yield;
    checkCancelled();
    const graph = analyzeBuildGraph(workspace);
    graph.diagnostics.forEach(add);
    workspaces.push({ workspace, ...graph });
  }

  const diagnostics = new Map<string, CoreDiagnostic[]>();
  for (const uri of documents.keys()) diagnostics.set(uri, finish(perFile.get(uri) ?? [], settingsFor(uri, options).severity));
  const owner = new Map<string, WorkspaceAnalysis>();
  for (const w of workspaces) for (const f of w.workspace.files) if (!owner.has(f.uri)) owner.set(f.uri, w);
  return { workspaces, documents, diagnostics, workspaceOf: (uri) => owner.get(uri) };
}

/** De-duplicate (a file included by two workspaces is checked twice), apply severities, sort. */
function finish(list: CoreDiagnostic[], severity: Record<string, Severity | 'off'> | undefined): CoreDiagnostic[] {
  const seen = new Set<string>();
  const out: CoreDiagnostic[] = [];
  for (const d of list) {
    const key = `${d.range.start}:${d.range.end}:${d.code}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const override = severity?.[d.code];
    if (override === 'off') continue;
    // A copy keeps lazily computed fixes lazy (their getter is copied, not called).
    out.push(override ? Object.defineProperties(Object.defineProperties({}, Object.getOwnPropertyDescriptors(d)), { severity: { value: override, enumerable: true, writable: true } }) as CoreDiagnostic : d);
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
