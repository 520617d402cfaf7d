// The depends side of a graph, taken over from the last build. Most edits
// change a build-depends list and leave every depends list as it was; the
// install components (Tarjan over the depends graph), their condensation, the
// reverse adjacencies and the runtime closures found so far would come out the
// same. Typing a name in a build-depends list usually adds or drops a node (an
// unknown name, a name no other list holds), and nodes are numbered by name
// (declared names first): the last build's structures are then renumbered,
// which gives exactly what a fresh computation gives (see `renumbered`), in
// time linear in the nodes and depends edges but without the searches; for a
// patch (graph-patch.ts) only the unknown names past the first that moves.

import { tarjanScc, type SccResult } from './scc';
import { condensation, reverseCsr, sameSequence, sortedIndexOf, type Csr } from './csr';
import type { NameInterner } from './name-interner';
import { scratchInt32 } from './scratch';

/** What the depends lists alone determine. */
export interface DependsSide {
  rdep: Csr;
  dependsScc: SccResult;
  icSucc: Csr;
  icPred: Csr;
  /** Runtime closures by install component, filled on demand (runtime-closures.ts). */
  closureMemo: Array<Int32Array | undefined>;
}

/** A build's nodes: names in name order, as interned ids. */
export interface BuildNodes {
  names: readonly string[];
  interner: NameInterner;
  /** Node of each interned id (-1: not a node of this build). */
  perm: Int32Array;
  /** Interned id of each node. */
  provOfNode: Int32Array;
}

/** A build's depends side, with the nodes and lists it was computed for. */
export interface DependsSideBuild {
  nodes: BuildNodes;
  dependsOffsets: Int32Array;
  dependsTargets: Int32Array;
  side: DependsSide;
}

let last: DependsSideBuild | undefined;

/** How each build got its depends side (for tests and benchmarks). */
export const dependsSideCounts = { same: 0, renumbered: 0, computed: 0 };

/** More nodes added or dropped than this: computed afresh. */
const MAX_RENUMBERED = 64;

/** The depends side of the graph with these nodes and depends adjacency (CSR, rows ascending). */
export function dependsSide(nodes: BuildNodes, dependsOffsets: Int32Array, dependsTargets: Int32Array): DependsSide {
  const before = last;
  let side: DependsSide | undefined;
  if (before && sameSequence(before.nodes.names, nodes.names)) {
    // The same nodes: the same side when the lists are; the closures found so far stay valid.
    if (sameSequence(before.dependsOffsets, dependsOffsets) && sameSequence(before.dependsTargets, dependsTargets)) side = before.side;
  } else if (before && before.nodes.interner === nodes.interner) {
    side = renumbered(before, nodes, dependsOffsets, dependsTargets)?.side;
  }
  if (side) dependsSideCounts[side === before?.side ? 'same' : 'renumbered']++;
  else {
    side = computed(nodes.names.length, dependsOffsets, dependsTargets);
    dependsSideCounts.computed++;
  }
  last = { nodes, dependsOffsets, dependsTargets, side };
  return side;
}

function computed(n: number, dependsOffsets: Int32Array, dependsTargets: Int32Array): DependsSide {
  const dependsScc = tarjanScc(n, dependsOffsets, dependsTargets);
  const icSucc = condensation(dependsScc, dependsOffsets, dependsTargets);
  return {
    rdep: reverseCsr(n, dependsOffsets, dependsTargets),
    dependsScc,
    icSucc,
    icPred: reverseCsr(dependsScc.count, icSucc.offsets, icSucc.targets),
    closureMemo: [],
  };
}

/**
 * The last side renumbered for `nodes`, when the nodes added and dropped are
 * isolated in the depends graph (no depends list names them, they have none)
 * and every other node has the same depends list by name; else undefined.
 *
 * Exactly Tarjan's result on the new graph: its search visits the other nodes
 * in the same relative order along the same edges, so their components come
 * out the same and in the same order. A dropped isolated node was its own
 * component, emitted when the outer loop reached it. An added one is emitted
 * when the outer loop reaches it, right after the components found from the
 * nodes before it: after the highest-numbered component among those nodes
 * (a search from a root ends with the root's component, numbered above all it
 * found), before the next. The condensation and the reverses keep their rows,
 * renumbered (monotonically: rows stay ascending), with empty rows for added nodes.
 */
function renumbered(before: DependsSideBuild, nodes: BuildNodes, dependsOffsets: Int32Array, dependsTargets: Int32Array): { side: DependsSide; firstMoved: number } | undefined {
  const n = nodes.names.length;
  const oldN = before.nodes.names.length;
  if (Math.abs(n - oldN) > MAX_RENUMBERED) return undefined;
  const oldPerm = before.nodes.perm;
  const newToOld = new Int32Array(n);
  const oldToNew = new Int32Array(oldN).fill(-1);
  let added = 0;
  let lastKept = -1;
  for (let i = 0; i < n; i++) {
    const id = nodes.provOfNode[i];
    const o = id < oldPerm.length ? oldPerm[id] : -1;
    newToOld[i] = o;
    if (o >= 0) {
      // A name declared before and only named now (or the reverse) changes places
      // with others (named nodes come first): not a renumbering that keeps the order.
      if (o < lastKept) return undefined;
      lastKept = o;
      oldToNew[o] = i;
    } else if (++added > MAX_RENUMBERED) return undefined;
  }
  const { dependsOffsets: oldOffsets, dependsTargets: oldTargets } = before;
  // Every node's depends list, by name, is the same; added nodes have none.
  for (let i = 0; i < n; i++) {
    const from = dependsOffsets[i];
    const length = dependsOffsets[i + 1] - from;
    const o = newToOld[i];
    if (o < 0) {
      if (length !== 0) return undefined;
      continue;
    }
    if (oldOffsets[o + 1] - oldOffsets[o] !== length) return undefined;
    for (let k = 0; k < length; k++) if (newToOld[dependsTargets[from + k]] !== oldTargets[oldOffsets[o] + k]) return undefined;
  }
  return renumberedSide(before, newToOld, oldToNew, added);
}

/**
 * The depends side of a graph patched from the last build's (graph-patch.ts):
 * the same depends lists, by name, renumbered by `newToOld`/`oldToNew` (the
 * `added` nodes have none); the patch knows, so they are not compared again.
 */
export function dependsSideRenumbered(nodes: BuildNodes, dependsOffsets: Int32Array, dependsTargets: Int32Array, previous: DependsSideBuild, newToOld: Int32Array, oldToNew: Int32Array, added: number, kept: number): { side: DependsSide; keptComponents: number } {
  const renumbered = renumberedSide(previous, newToOld, oldToNew, added, kept);
  let side: DependsSide;
  if (renumbered) {
    side = renumbered.side;
    dependsSideCounts.renumbered++;
  } else {
    side = computed(nodes.names.length, dependsOffsets, dependsTargets);
    dependsSideCounts.computed++;
  }
  last = { nodes, dependsOffsets, dependsTargets, side };
  return { side, keptComponents: renumbered ? renumbered.firstMoved : 0 };
}

/** The depends side of a graph patched from the last build's with the same nodes and depends lists: the last build's. */
export function dependsSideKept(nodes: BuildNodes, dependsOffsets: Int32Array, dependsTargets: Int32Array, previous: DependsSide): DependsSide {
  dependsSideCounts.same++;
  last = { nodes, dependsOffsets, dependsTargets, side: previous };
  return previous;
}

/** The side renumbered, and the first component whose number changed (those below keep theirs and their members' starts). */
function renumberedSide(before: DependsSideBuild, newToOld: Int32Array, oldToNew: Int32Array, added: number, kept = 0): { side: DependsSide; firstMoved: number } | undefined {
  const n = newToOld.length;
  const oldN = oldToNew.length;
  const { dependsOffsets: oldOffsets } = before;
  const oldRdep = before.side.rdep;
  const old = before.side.dependsScc;
  const droppedComp = new Uint8Array(old.count);
  let dropped = 0;
  // The first component whose number changes.
  let firstMoved = old.count;
  for (let o = kept; o < oldN; o++) {
    if (oldToNew[o] >= 0) continue;
    // A dropped node had no list (checked by its absence from every list above) and none named it.
    if (oldOffsets[o + 1] !== oldOffsets[o] || oldRdep.offsets[o + 1] !== oldRdep.offsets[o]) return undefined;
    droppedComp[old.compOf[o]] = 1;
    firstMoved = Math.min(firstMoved, old.compOf[o]);
    if (++dropped > MAX_RENUMBERED) return undefined;
  }

  // New component numbers: the old ones in order without the dropped, each added node after
  // the highest component among the nodes before it (that bound only grows with the node).
  const count = old.count - dropped + added;
  const addedAfter: number[] = []; // pairs: old component it follows (-1: first), node
  let highest = -1;
  for (let o = 0; o < kept; o++) if (old.compOf[o] > highest) highest = old.compOf[o];
  for (let i = kept; i < n; i++) {
    const o = newToOld[i];
    if (o >= 0) highest = Math.max(highest, old.compOf[o]);
    else addedAfter.push(highest, i);
  }
  if (addedAfter.length > 0) firstMoved = Math.min(firstMoved, addedAfter[0] + 1);
  // Below firstMoved the components keep their numbers and members, but for the
  // nodes past `kept` renumbered. Nodes below `kept` are in those: a node past
  // them that comes or goes is isolated, a component found after theirs.
  const compOf = new Int32Array(n);
  const offsets = new Int32Array(count + 1);
  const members = new Int32Array(n);
  const nonTrivial = new Uint8Array(count);
  compOf.set(old.compOf.subarray(0, kept));
  offsets.set(old.offsets.subarray(0, firstMoved + 1));
  members.set(old.members.subarray(0, old.offsets[firstMoved]));
  nonTrivial.set(old.nonTrivial.subarray(0, firstMoved));
  for (let o = kept; o < oldN; o++) {
    const c = old.compOf[o];
    const i = oldToNew[o];
    if (c >= firstMoved || i < 0) continue;
    compOf[i] = c;
    // (Members are ascending, and stay so: nodes past `kept` keep their order.)
    members[sortedIndexOf(old.members, o, old.offsets[c], old.offsets[c + 1])] = i;
  }
  // Temporary (used while mapping the rows below).
  const newOfOld = scratchInt32('dependsSide.newOfOld', old.count).fill(-1);
  const oldOfNew = scratchInt32('dependsSide.oldOfNew', count).fill(-1);
  for (let c = 0; c < firstMoved; c++) newOfOld[c] = oldOfNew[c] = c;
  let next = firstMoved;
  let at = old.offsets[firstMoved];
  let pending = 0;
  const placeAdded = (after: number): void => {
    while (pending < addedAfter.length && addedAfter[pending] === after) {
      const i = addedAfter[pending + 1];
      offsets[next] = at;
      members[at++] = i;
      compOf[i] = next++;
      pending += 2;
    }
  };
  placeAdded(firstMoved - 1);
  for (let c = firstMoved; c < old.count; c++) {
    if (!droppedComp[c]) {
      newOfOld[c] = next;
      oldOfNew[next] = c;
      offsets[next] = at;
      nonTrivial[next] = old.nonTrivial[c];
      for (let k = old.offsets[c]; k < old.offsets[c + 1]; k++) {
        const i = oldToNew[old.members[k]];
        members[at++] = i;
        compOf[i] = next;
      }
      next++;
    }
    placeAdded(c);
  }
  offsets[count] = at;
  const dependsScc: SccResult = { count, compOf, offsets, members, nonTrivial };
  // With `kept`, the components from firstMoved on are isolated (no edges), and
  // the reverse depends rows name entries' names only: every value stays.
  const icSucc = mapRows(before.side.icSucc, count, oldOfNew, newOfOld, kept > 0 ? firstMoved : 0);
  const icPred = mapRows(before.side.icPred, count, oldOfNew, newOfOld, kept > 0 ? firstMoved : 0);
  const rdep = mapRows(oldRdep, n, newToOld, oldToNew, kept);
  return { side: { rdep, dependsScc, icSucc, icPred, closureMemo: [] }, firstMoved };
}

/**
 * A CSR over old ids as one over new ids: row r is old row oldOf[r] (empty for
 * -1), targets through newOf. With `valuesKept` > 0 the caller knows that the
 * rows below it keep their ids, that every value is below it (so it stays) and
 * that the rows dropped are empty: the targets are the old ones.
 */
function mapRows(csr: Csr, size: number, oldOf: Int32Array, newOf: Int32Array, valuesKept = 0): Csr {
  const offsets = new Int32Array(size + 1);
  offsets.set(csr.offsets.subarray(0, valuesKept + 1));
  let total = csr.offsets[valuesKept];
  for (let r = valuesKept; r < size; r++) {
    const o = oldOf[r];
    offsets[r] = total;
    if (o >= 0) total += csr.offsets[o + 1] - csr.offsets[o];
  }
  offsets[size] = total;
  if (valuesKept > 0) return { offsets, targets: csr.targets };
  const targets = new Int32Array(total);
  let at = 0;
  for (let r = 0; r < size; r++) {
    const o = oldOf[r];
    if (o < 0) continue;
    for (let k = csr.offsets[o]; k < csr.offsets[o + 1]; k++) targets[at++] = newOf[csr.targets[k]];
  }
  return { offsets, targets };
}
