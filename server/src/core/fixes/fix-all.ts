// `source.fixAll` / `strap fix`: the annotations that make every unbroken
// cycle resolvable (planFixAll's feedback-vertex-set solver), as one Fix whose
// edits may span the workspace's files. A file included by several include
// groups shows the cycle errors of each: its fix-all breaks the cycles of all
// of them.

import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FileEdits, Fix, OffsetEdit, OffsetRange } from '../types';
import { CancelledError, type Analysis, type WorkspaceAnalysis } from '../analysis';
import { planFixAll } from '../graph/breaking';
import type { FixAllResult } from '../graph/types';
import { bootstrapAnnotationEdits } from './bootstrap-annotation';
import { makeFix } from './make-fix';

/**
 * The fix-all for a file: its include group's, or, for a file several groups
 * include, every group's annotations in one Fix (each group's cycles are
 * errors in the file, and a fix-all that left some made the editor show
 * them still). An annotation of a later group that edits where an earlier
 * group's does (the same package, annotated differently) is left out: the
 * two cannot both apply, and the next fix-all sees the result.
 */
export function fixAll(analysis: Analysis, uri: string): Fix | undefined {
  const made = groupsOf(analysis, uri).map(fixAllOf).filter((m): m is MadeFixAll => m !== undefined);
  // One group with cycles: its fix as it is, with its count and bound.
  if (made.length <= 1) return made[0]?.fix;
  const taken = new Map<string, OffsetEdit[]>();
  const seen = new Set<string>();
  let count = 0;
  for (const group of made) {
    const added: FileEdits[] = [];
    for (const changes of group.annotations) {
      const key = JSON.stringify(changes);
      if (seen.has(key)) continue; // the same annotation, made by an earlier group too
      if (changes.some((c) => c.edits.some((e) => (taken.get(c.uri) ?? []).some((t) => touches(t.range, e.range))))) continue;
      seen.add(key);
      count++;
      added.push(...changes);
    }
    // Checked against the earlier groups' edits only: one group's own annotations fit together.
    for (const c of added) {
      const list = taken.get(c.uri);
      if (list) list.push(...c.edits);
      else taken.set(c.uri, [...c.edits]);
    }
  }
  if (count === 0) return undefined;
  const changes = [...taken].map(([u, edits]) => ({ uri: u, edits }));
  return { title: `Break every build-dependency cycle (${count} bootstrap annotation${count === 1 ? '' : 's'}, over ${made.length} include groups)`, kind: 'source.fixAll', changes };
}

/** The include groups that hold `uri`, in analysis order (the first is workspaceOf's). */
function groupsOf(analysis: Analysis, uri: string): WorkspaceAnalysis[] {
  return analysis.workspaces.filter((w) => w.workspace.files.some((f) => f.uri === uri));
}

/** Whether two edits overlap or meet (two inserts at one place would land in either order). */
function touches(a: OffsetRange, b: OffsetRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

// The solver's result for each analysed include group, and the fix made of it
// once asked for (null: it annotates nothing; `strap plan` needs only the
// result), kept while the group's analysis is (an analysis that takes a group
// over keeps it): editors ask for code actions on every cursor move, and the
// solver takes seconds on a big cluster. Filled by the calling thread and by
// the fix-all threads alike.
interface Solved {
  result: FixAllResult;
  made?: MadeFixAll | null;
}
const solved = new WeakMap<WorkspaceAnalysis, Solved>();

interface MadeFixAll {
  fix: Fix;
  result: FixAllResult;
  /** Each annotation's own edits (what `fix` joins). */
  annotations: FileEdits[][];
}

/**
 * Whether the fix-all of `uri`'s group is at hand or cheap: already computed
 * for this analysis, or its unbroken clusters hold at most `limit` packages
 * (the solver's time grows with them: seconds at a thousand, minutes at ten
 * thousand; see docs/cycles.md).
 */
export function fixAllIsCheap(analysis: Analysis, uri: string, limit: number): boolean {
  let members = 0;
  for (const wa of groupsOf(analysis, uri)) members += unsolvedMembers(wa);
  return members <= limit;
}

/** The packages of `wa`'s unbroken clusters, when its fix-all is not solved yet (else 0). */
export function unsolvedMembers(wa: WorkspaceAnalysis): number {
  if (solved.has(wa)) return 0;
  let members = 0;
  for (const c of wa.cycles.unbroken) members += c.members.length;
  return members;
}

/** The fix-all as a Fix, with the solver's result it was made from (its count and lower bound). */
export function fixAllWithResult(analysis: Analysis, uri: string): { fix: Fix; result: FixAllResult } | undefined {
  const wa = analysis.workspaceOf(uri);
  const made = wa && fixAllOf(wa);
  return made ? { fix: made.fix, result: made.result } : undefined;
}

/** One include group's fix-all, computed once per group analysis. */
function fixAllOf(wa: WorkspaceAnalysis): MadeFixAll | undefined {
  const entry = solvedOn(wa);
  if (entry && entry.made === undefined) entry.made = fixFromResult(wa, entry.result) ?? null;
  return entry?.made ?? undefined;
}

/** The solver's result for one group (computed once per group analysis); undefined without unbroken cycles. */
export function fixAllResult(wa: WorkspaceAnalysis): FixAllResult | undefined {
  return solvedOn(wa)?.result;
}

/** A group's kept result, else solved on the calling thread. */
function solvedOn(wa: WorkspaceAnalysis): Solved | undefined {
  if (wa.cycles.unbroken.length === 0) return undefined;
  return solved.get(wa) ?? keep(wa, planFixAll(wa.specs, wa.graph));
}

/**
 * fixAll with the solver in a worker thread, for each of the file's groups
 * not solved yet: the calling thread keeps answering meanwhile, and `signal`
 * stops the thread (the promise then rejects with CancelledError). Requests
 * for the same group analysis share one thread, stopped when every one of
 * them is cancelled.
 */
export async function fixAllInThread(analysis: Analysis, uri: string, signal?: AbortSignal): Promise<Fix | undefined> {
  for (const wa of groupsOf(analysis, uri)) await fixAllResultInThread(wa, signal);
  return fixAll(analysis, uri);
}

/**
 * The solver's result for one group, from a worker thread (shared by the
 * requests waiting for it); undefined without unbroken cycles. Where a thread
 * cannot start, the solver runs on the calling thread.
 */
export async function fixAllResultInThread(wa: WorkspaceAnalysis, signal?: AbortSignal): Promise<FixAllResult | undefined> {
  if (wa.cycles.unbroken.length === 0) return undefined;
  const known = solved.get(wa);
  if (known) return known.result;
  if (signal?.aborted) throw new CancelledError();
  let run = running.get(wa);
  if (!run) {
    run = solveInThread(wa);
    running.set(wa, run);
    run.result.then(
      (result) => {
        running.delete(wa);
        keep(wa, result);
      },
      () => running.delete(wa),
    );
  }
  const shared = run;
  shared.waiting++;
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (--shared.waiting === 0) shared.stop();
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.result.then(
        () => {
          signal?.removeEventListener('abort', onAbort);
          shared.waiting--;
          resolve();
        },
        (error) => {
          signal?.removeEventListener('abort', onAbort);
          shared.waiting--;
          reject(error);
        },
      );
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    // The thread failed (it could not start, or its module is missing): solve here.
    return fixAllResult(wa);
  }
  return solved.get(wa)?.result;
}

/** Keeps a group's result, unless one is kept already (the first stays). */
function keep(wa: WorkspaceAnalysis, result: FixAllResult): Solved {
  let entry = solved.get(wa);
  if (!entry) solved.set(wa, (entry = { result }));
  return entry;
}

interface ThreadRun {
  result: Promise<FixAllResult>;
  waiting: number;
  stop(): void;
}

const running = new WeakMap<WorkspaceAnalysis, ThreadRun>();

function solveInThread(wa: WorkspaceAnalysis): ThreadRun {
  let stop = () => {};
  const result = new Promise<FixAllResult>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(path.join(__dirname, 'fix-all-worker.js'), { workerData: { specs: wa.specs }, stdout: true, stderr: true });
    } catch (error) {
      reject(error);
      return;
    }
    worker.unref();
    stop = () => {
      reject(new CancelledError());
      void worker.terminate();
    };
    worker.once('message', (message: FixAllResult) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the fix-all thread ended (${code}) without a result`)));
  });
  // A run nobody waits for any more must not reject unheard.
  result.catch(() => undefined);
  return { result, waiting: 0, stop: () => stop() };
}

function fixFromResult(wa: WorkspaceAnalysis, result: FixAllResult): MadeFixAll | undefined {
  if (result.annotations.length === 0) return undefined;
  const byUri = new Map<string, FileEdits>();
  const annotations: FileEdits[][] = [];
  for (const a of result.annotations) {
    // An annotation whose place the edit builders refuse is left out, not fatal.
    const one = makeFix('', () => bootstrapAnnotationEdits(wa.workspace, a.package, a.stage, a.newSet, a.update));
    if (one) annotations.push(one.changes);
    for (const change of one?.changes ?? []) {
      const entry = byUri.get(change.uri);
      if (entry) entry.edits.push(...change.edits);
      else byUri.set(change.uri, { uri: change.uri, edits: [...change.edits] });
    }
  }
  if (byUri.size === 0) return undefined;
  return {
    fix: { title: `Break every build-dependency cycle (${fixAllCount(result)})`, kind: 'source.fixAll', changes: [...byUri.values()] },
    result,
    annotations,
  };
}

/** "8 bootstrap annotations; at least 6 are needed", or "…, the fewest possible" when proven. */
export function fixAllCount(result: FixAllResult): string {
  const count = result.annotations.length;
  const noun = `${count} bootstrap annotation${count === 1 ? '' : 's'}`;
  return result.exact ? `${noun}, the fewest possible` : `${noun}; at least ${result.lowerBound} ${result.lowerBound === 1 ? 'is' : 'are'} needed`;
}

/** "leaving out 264 build dependencies; at least 222 must go", or "…, the fewest possible" when the bound reaches it. */
export function fixAllDropped(result: FixAllResult): string {
  const d = result.dropped;
  const noun = `leaving out ${d} build dependenc${d === 1 ? 'y' : 'ies'}`;
  const bound = Math.min(result.droppedLowerBound, d);
  return bound >= d ? `${noun}, the fewest possible` : `${noun}; at least ${bound} must go`;
}
