// Binary heaps of integer ids (internal helpers): ordered by a comparator, by a
// numeric key, or by a score with lazy deletion (the greedy solvers').

export class IntHeap {
  private data: number[] = [];

  constructor(private readonly less: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.data.length;
  }

  push(x: number): void {
    const d = this.data;
    d.push(x);
    let i = d.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(d[i], d[p])) break;
      const t = d[i];
      d[i] = d[p];
      d[p] = t;
      i = p;
    }
  }

  peek(): number | undefined {
    return this.data[0];
  }

  pop(): number | undefined {
    const d = this.data;
    if (d.length === 0) return undefined;
    const top = d[0];
    const last = d.pop() as number;
    if (d.length > 0) {
      d[0] = last;
      let i = 0;
      const n = d.length;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < n && this.less(d[l], d[m])) m = l;
        if (r < n && this.less(d[r], d[m])) m = r;
        if (m === i) break;
        const t = d[i];
        d[i] = d[m];
        d[m] = t;
        i = m;
      }
    }
    return top;
  }
}

/**
 * A binary min-heap of non-negative int32 values in their natural order: no
 * comparator call per step, for the hot Kahn loops whose priority is the value itself.
 */
export class MinIntHeap {
  private data: Int32Array;
  private count = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  push(x: number): void {
    if (this.count === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    let i = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (d[p] <= x) break;
      d[i] = d[p];
      i = p;
    }
    d[i] = x;
  }

  /** The smallest value; the heap must not be empty. */
  pop(): number {
    const d = this.data;
    const top = d[0];
    const n = --this.count;
    if (n > 0) {
      const x = d[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && d[r] < d[l] ? r : l;
        if (d[m] >= x) break;
        d[i] = d[m];
        i = m;
      }
      d[i] = x;
    }
    return top;
  }
}

/** Max-heap of (score, id) pairs with lazy deletion: higher score first, then the lower id. */
export class ScoreHeap {
  private readonly scores: number[] = [];
  private readonly ids: number[] = [];
  push(score: number, id: number): void {
    const s = this.scores;
    const d = this.ids;
    let i = s.length;
    s.push(score);
    d.push(id);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!(score > s[up] || (score === s[up] && id < d[up]))) break;
      s[i] = s[up];
      d[i] = d[up];
      i = up;
    }
    s[i] = score;
    d[i] = id;
  }
  /** The top entry's id (its score in `topScore`), or -1 when empty. */
  pop(): number {
    const s = this.scores;
    const d = this.ids;
    if (s.length === 0) return -1;
    this.topScore = s[0];
    const top = d[0];
    const ls = s.pop() as number;
    const ld = d.pop() as number;
    if (s.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= s.length) break;
        const r = l + 1;
        const c = r < s.length && (s[r] > s[l] || (s[r] === s[l] && d[r] < d[l])) ? r : l;
        if (!(s[c] > ls || (s[c] === ls && d[c] < ld))) break;
        s[i] = s[c];
        d[i] = d[c];
        i = c;
      }
      s[i] = ls;
      d[i] = ld;
    }
    return top;
  }
  /** The score of the entry `pop` returned last. */
  topScore = 0;
}
