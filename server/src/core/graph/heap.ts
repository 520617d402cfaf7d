// A binary min-heap of integer ids ordered by a comparator. Internal helper.

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
