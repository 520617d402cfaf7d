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

import * as v8 from 'v8';

/** The lean growth: measured at 30 000 packages, 20 % gave little more than 30 % and cost more latency. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 30;

/** Analysed text from which the lean policy applies: ~15 000 packages of a generated archive. */
export const LEAN_HEAP_FROM_CHARS = 2_500_000;

/** The growth percentage for this much analysed text, with `leanPercent` for big workspaces (0: V8's own policy). */
export function heapGrowthPercent(analysedChars: number, leanPercent: number): number {
  return leanPercent > 0 && analysedChars >= LEAN_HEAP_FROM_CHARS ? leanPercent : 0;
}

export class HeapPolicy {
  private applied = 0;

  /**
   * `leanPercent`: from `strap lsp --heap-growth=PERCENT`; 0 leaves V8's policy alone.
   * `log` hears each change of policy; `setFlags` is V8's (replaced in tests).
   */
  constructor(
    private readonly leanPercent: number,
    private readonly log: (message: string) => void = () => {},
    private readonly setFlags: (flags: string) => void = v8.setFlagsFromString,
  ) {}

  /** The length of the text the last analysis read. */
  private analysedChars = 0;

  /**
   * Before an analysis allocates, with the length of the open documents: a big
   * file just opened gets the lean heap from its first collection. The last
   * analysis's size counts too (big files on disk are not open).
   */
  beforeAnalysis(openChars: number): void {
    this.apply(Math.max(openChars, this.analysedChars));
  }

  /** After an analysis, with the length of all the text it read. */
  afterAnalysis(analysedChars: number): void {
    this.analysedChars = analysedChars;
    this.apply(analysedChars);
  }

  private apply(chars: number): void {
    const percent = heapGrowthPercent(chars, this.leanPercent);
    if (percent === this.applied) return;
    this.applied = percent;
    // 0 restores V8's dynamic growing factor.
    this.setFlags(`--heap-growing-percent=${percent}`);
    const size = `${(chars / 1e6).toFixed(1)} MB of bootstrap text`;
    this.log(percent > 0
      ? `${size}: the heap now grows by ${percent} % between full garbage collections (--heap-growth)`
      : `${size}: the heap grows as Node decides again`);
  }

  /** The percentage in force (0: V8's own). */
  get current(): number {
    return this.applied;
  }
}
