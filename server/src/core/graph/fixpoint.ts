// Incremental availability fixpoint of the bootstrap phase (internal to planFixAll).
//
// The bootstrap phase stops exactly at the least fixpoint of: prebuilt packages
// (and, when assumed, unknown names) are available; a package whose full build
// inputs are all available is built fully (hence available); a package with a
// stage set whose closure is all available is available. The order of the builds
// does not change that fixpoint, so it can be maintained incrementally while
// bootstrap sets are added, with counters of missing inputs (Kahn style).

import type { BuildGraph } from './build-graph';

export class AvailabilityFixpoint {
  readonly avail: Uint8Array;
  readonly full: Uint8Array;
  /** Called for every package that becomes available after construction. */
  onAvailable: ((v: number) => void) | undefined;

  private readonly missing: Int32Array;
  private readonly seOwner: number[] = [];
  private readonly seMissing: number[] = [];
  private readonly seByNode: Array<number[] | undefined>;
  private readonly queue: number[] = [];

  constructor(
    private readonly graph: BuildGraph,
    assumeUnknownAvailable: boolean,
  ) {
    const n = graph.size;
    this.avail = new Uint8Array(n);
    this.full = new Uint8Array(n);
    this.missing = new Int32Array(n);
    this.seByNode = new Array(n);
    const { declared, prebuilt, offsets, targets } = graph;
    for (let i = 0; i < n; i++) {
      if (!declared[i]) {
        if (assumeUnknownAvailable) this.avail[i] = 1;
      } else if (prebuilt[i]) this.avail[i] = 1;
    }
    const startFull: number[] = [];
    for (let p = 0; p < n; p++) {
      if (!declared[p]) continue;
      let c = 0;
      for (let e = offsets[p]; e < offsets[p + 1]; e++) if (!this.avail[targets[e]]) c++;
      this.missing[p] = c;
      if (c === 0) startFull.push(p);
    }
    const startStage: number[] = [];
    for (let p = 0; p < n; p++) {
      if (!declared[p]) continue;
      for (const s of graph.stages[p]) {
        const owner = this.registerStage(p, graph.closureOfSet(s.entries));
        if (owner >= 0) startStage.push(owner);
      }
    }
    for (const p of startFull) {
      this.full[p] = 1;
      this.markAvailable(p);
    }
    for (const p of startStage) this.markAvailable(p);
    this.drain();
  }

  /** Add a bootstrap set (entries as node indices) to package p and propagate. */
  addStageSet(p: number, entries: ArrayLike<number>): void {
    const owner = this.registerStage(p, this.graph.closureOfSet(entries));
    if (owner >= 0) this.markAvailable(owner);
    this.drain();
  }

  /** Registers a stage set; returns its owner when it is available right away, else -1. */
  private registerStage(p: number, closure: Int32Array): number {
    let c = 0;
    const s = this.seOwner.length;
    for (let k = 0; k < closure.length; k++) {
      const r = closure[k];
      if (this.avail[r]) continue;
      c++;
      let list = this.seByNode[r];
      if (!list) this.seByNode[r] = list = [];
      list.push(s);
    }
    this.seOwner.push(p);
    this.seMissing.push(c);
    return c === 0 ? p : -1;
  }

  private markAvailable(v: number): void {
    if (this.avail[v]) return;
    this.avail[v] = 1;
    this.queue.push(v);
    if (this.onAvailable) this.onAvailable(v);
  }

  private drain(): void {
    const g = this.graph;
    const q = this.queue;
    while (q.length > 0) {
      const r = q.pop() as number;
      for (let e = g.rOffsets[r]; e < g.rOffsets[r + 1]; e++) {
        const x = g.rSources[e];
        if (--this.missing[x] === 0 && !this.full[x]) {
          this.full[x] = 1;
          this.markAvailable(x);
        }
      }
      const list = this.seByNode[r];
      if (list) {
        for (const s of list) if (--this.seMissing[s] === 0) this.markAvailable(this.seOwner[s]);
        this.seByNode[r] = undefined;
      }
    }
  }
}
