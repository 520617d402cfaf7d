// How far V8 lets the heap grow between full collections, chosen by the size
// of what is analysed. V8 grows the old generation up to 4× the live heap
// before it collects; every edit replaces an analysis (the build graph, plan
// and cycles of a 30 000-package file are ~20 MB), so a big workspace reached
// ~500 MB of RSS over ten edits, mostly garbage. For big workspaces the server
// asks V8 to grow the heap by a fixed percentage instead: full collections
// come more often (they are mostly concurrent), the peak drops by a third.
// Small workspaces keep V8's own policy, which gives them the lowest latency.
//
// `--heap-growing-percent` is read by V8 whenever it sets the next limit, so
// changing it at run time takes effect at the next full collection.
//
// The lean policy also collects in full after every third big analysis, once
// the user pauses. Most of what an edit leaves behind is old generation
// garbage V8 frees only in a full collection: each edit makes a new flat copy
// of the document (5 MB at 30 000 packages) and a new graph, plan and cycle
// analysis. Waiting for V8's own trigger let ~8 dead copies of the text pile
// up; the collection (~0.1 s there) lowered the peak by ~25 MB. It waits for
// a pause (IDLE_COLLECT_MS without a new analysis): run right after a publish,
// it held up the next keystroke's analysis, and edits back to back took
// 1.2-1.8x as long at 30 000 packages (bench/README.md, issue 13). Without any
// pause it runs after the fourth big analysis: garbage stays bounded.
// Only analyses that redid that much text count: an edit in a small file beside
// big ones re-analyses its own include group only and leaves little garbage,
// and a full collection of the big groups' live heap would cost it more than
// the edit itself.

import * as v8 from 'v8';
import * as vm from 'vm';

/** The lean growth: measured at 30 000 packages, 20 % gave little more than 30 % and cost more latency. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 30;

/** Analysed text from which the lean policy applies: ~15 000 packages of a generated archive. */
export const LEAN_HEAP_FROM_CHARS = 2_500_000;

/** The growth percentage for this much analysed text, with `leanPercent` for big workspaces (0: V8's own policy). */
export function heapGrowthPercent(analysedChars: number, leanPercent: number): number {
  return leanPercent > 0 && analysedChars >= LEAN_HEAP_FROM_CHARS ? leanPercent : 0;
}

/** Under the lean policy, a full collection after every this many analyses. */
export const COLLECT_EVERY_ANALYSES = 3;

/** How long no analysis must start before that collection runs: a pause in typing. */
export const IDLE_COLLECT_MS = 1000;

/** Big analyses without a pause after which the collection runs anyway, on the next turn: typing without pause must not pile up garbage (at 6, a 30 000-package file peaked above 300 MB). */
export const COLLECT_WITHOUT_PAUSE_ANALYSES = 4;

/** V8's full collection, reached without starting node with --expose-gc. */
function fullCollection(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  collect = gc;
  gc();
}
let collect: () => void = fullCollection;

export class HeapPolicy {
  private applied = 0;
  /** Big analyses since the last full collection. */
  private sinceCollection = 0;
  /** Cancels the collection waiting for a pause, if one is. */
  private cancelPending: (() => void) | undefined;

  /**
   * `leanPercent`: from `strap lsp --heap-growth=PERCENT`; 0 leaves V8's policy alone.
   * `log` hears each change of policy; `setFlags`, `schedule` and `collectGarbage`
   * are V8's and Node's (replaced in tests). `schedule` runs a task after a
   * pause of the given milliseconds and returns what cancels it.
   */
  constructor(
    private readonly leanPercent: number,
    private readonly log: (message: string) => void = () => {},
    private readonly setFlags: (flags: string) => void = v8.setFlagsFromString,
    private readonly schedule: (delayMs: number, task: () => void) => () => void = (delayMs, task) => {
      const timer = setTimeout(task, delayMs);
      timer.unref();
      return () => clearTimeout(timer);
    },
    private readonly collectGarbage: () => void = () => collect(),
  ) {}

  /** The length of the text the last analysis read. */
  private analysedChars = 0;
  /** The length of the text the last analysis analysed again (not taken over from the one before). */
  private redoneChars = 0;

  /**
   * Before an analysis allocates, with the length of the open documents: a big
   * file just opened gets the lean heap from its first collection. The last
   * analysis's size counts too (big files on disk are not open).
   */
  beforeAnalysis(openChars: number): void {
    // No pause yet: the collection waits for the next one.
    this.cancelWaiting();
    this.apply(Math.max(openChars, this.analysedChars));
  }

  /** After an analysis, with the length of all the text it read, and of the text it analysed again (default: all). */
  afterAnalysis(analysedChars: number, redoneChars = analysedChars): void {
    this.analysedChars = analysedChars;
    this.redoneChars = redoneChars;
    this.apply(analysedChars);
  }

  /**
   * After an analysis's results went out: under the lean policy, after every
   * third big analysis, a full collection once no analysis starts for
   * IDLE_COLLECT_MS (an analysis before then puts it off to the next publish);
   * after the fourth without a pause, on the next turn of the event loop.
   */
  afterPublish(): void {
    if (this.applied === 0) {
      this.sinceCollection = 0;
      return;
    }
    if (this.redoneChars >= LEAN_HEAP_FROM_CHARS) this.sinceCollection++;
    if (this.sinceCollection < COLLECT_EVERY_ANALYSES) return;
    this.cancelWaiting();
    if (this.sinceCollection >= COLLECT_WITHOUT_PAUSE_ANALYSES) {
      // Overdue: on the next turn, and not put off by the next analysis.
      this.sinceCollection = 0;
      this.schedule(0, () => this.collectNow());
    } else {
      this.cancelPending = this.schedule(IDLE_COLLECT_MS, () => {
        this.cancelPending = undefined;
        this.sinceCollection = 0;
        this.collectNow();
      });
    }
  }

  /** Drops the collection waiting for a pause, if one is. */
  private cancelWaiting(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }

  private collectNow(): void {
    try {
      this.collectGarbage();
    } catch (error) {
      this.log(`a full garbage collection failed: ${(error as Error)?.message ?? error}`);
    }
  }

  private apply(chars: number): void {
    const percent = heapGrowthPercent(chars, this.leanPercent);
    if (percent === this.applied) return;
    this.applied = percent;
    // 0 restores V8's dynamic growing factor.
    this.setFlags(`--heap-growing-percent=${percent}`);
    const size = `${(chars / 1e6).toFixed(1)} MB of bootstrap text`;
    this.log(percent > 0
      ? `${size}: the heap now grows by ${percent} % between full garbage collections, with one after every ${COLLECT_EVERY_ANALYSES} analyses, in a pause (--heap-growth)`
      : `${size}: the heap grows as Node decides again`);
  }

  /** The percentage in force (0: V8's own). */
  get current(): number {
    return this.applied;
  }
}
