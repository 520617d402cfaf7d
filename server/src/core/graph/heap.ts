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
