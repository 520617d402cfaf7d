// The memoised and scratch state a BuildGraph shares with its `withStages` copies
// (same nodes, same edges): derived structures built on first use, and reusable
// buffers for traversals (the engine is single-threaded and non-reentrant).

import type { SccResult } from './scc';
import type { Csr } from './csr';
import type { ExpandedEdges } from './expanded-graph';
import type { DependsSide } from './depends-side';

/** State shared by a graph and the copies made by `withStages` (same nodes, same edges). */
export interface GraphState {
  /** SCCs of the depends graph: the install components (emission order: dependencies first). */
  dependsScc: SccResult;
  /** Condensation of the depends graph: distinct successor and predecessor components. */
  icSucc: Csr;
  icPred: Csr;
  /** The layered graph (2n nodes: build P = P, install Q = n + Q) and its reverse. */
  layered?: Csr;
  layeredReverse?: Csr;
  layeredScc?: SccResult;
  buildScc?: SccResult;
  inCycle?: Uint8Array;
  expanded?: ExpandedEdges;
  edgeCount?: number;
  /** Scratch for localGraph: local index of each node, -1 when none; bitsets per install component. */
  localIndex?: Int32Array;
  localSets?: Array<Int32Array | undefined>;
  localDone?: Int32Array;
  localStamp?: number;
  closureMemo: Array<Int32Array | undefined>;
  /** Scratch for closuresHold: a stamp and a stack per install component. */
  compMark?: Int32Array;
  compStack?: Int32Array;
  compStamp?: number;
  /** Scratch arrays for traversals (the engine is single-threaded and non-reentrant). */
  mark: Int32Array;
  markStamp: number;
  scratch: Int32Array;
  inputs?: InputScratch;
}

export interface InputScratch {
  seen: Int32Array;
  assigned: Int32Array;
  via: Int32Array;
  list: Int32Array;
  stack: Int32Array;
  stamp: number;
}

/** The state of a new graph of `n` nodes: its depends side, nothing memoised yet, fresh scratch. */
export function graphStateOf(side: DependsSide, n: number): GraphState {
  const { dependsScc, icSucc, icPred, closureMemo } = side;
  return { dependsScc, icSucc, icPred, closureMemo, mark: new Int32Array(Math.max(1, n)), markStamp: 0, scratch: new Int32Array(Math.max(1, n)) };
}
