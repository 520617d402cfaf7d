// The expanded build graph, every edge P → R with its via, built on demand: tens of
// millions of edges on a real distribution, so the engine avoids it.

import type { BuildGraph } from './build-graph';
import { reverseCsr } from './csr';

/** The expanded build graph in CSR form. */
export interface ExpandedEdges {
  offsets: Int32Array;
  targets: Int32Array;
  via: Int32Array;
  rOffsets: Int32Array;
  rSources: Int32Array;
}

/** The expanded build graph of `graph` (CSR with via, and the reverse). */
export function expandGraph(graph: BuildGraph): ExpandedEdges {
  const n = graph.size;
  const offsets = new Int32Array(n + 1);
  const CHUNK = 1 << 20;
  const tChunks: Int32Array[] = [];
  const vChunks: Int32Array[] = [];
  const lens: number[] = [];
  let tChunk = new Int32Array(0);
  let vChunk = new Int32Array(0);
  let used = 0;
  let edgeCount = 0;
  const buf = graph.inputBuffer();
  for (let p = 0; p < n; p++) {
    offsets[p] = edgeCount;
    if (graph.bdOffsets[p + 1] === graph.bdOffsets[p]) continue;
    const count = graph.collectInputs(p);
    const sorted = buf.subarray(0, count).sort();
    if (used + count > tChunk.length) {
      if (used > 0) {
        tChunks.push(tChunk);
        vChunks.push(vChunk);
        lens.push(used);
      }
      const size = Math.max(CHUNK, count);
      tChunk = new Int32Array(size);
      vChunk = new Int32Array(size);
      used = 0;
    }
    for (let m = 0; m < count; m++) {
      const r = sorted[m];
      tChunk[used] = r;
      vChunk[used] = graph.inputVia(r);
      used++;
    }
    edgeCount += count;
  }
  offsets[n] = edgeCount;
  if (used > 0) {
    tChunks.push(tChunk);
    vChunks.push(vChunk);
    lens.push(used);
  }
  const targets = new Int32Array(edgeCount);
  const via = new Int32Array(edgeCount);
  for (let c = 0, at = 0; c < tChunks.length; c++) {
    targets.set(tChunks[c].subarray(0, lens[c]), at);
    via.set(vChunks[c].subarray(0, lens[c]), at);
    at += lens[c];
  }
  const rev = reverseCsr(n, offsets, targets);
  return { offsets, targets, via, rOffsets: rev.offsets, rSources: rev.targets };
}
