// The bootstrap phase of a patched graph (graph-patch.ts) taken over from the
// run on the graph it was patched from, when the edit cannot have changed it.
//
// A patch with `graph.patch` set kept the depends side, the kinds and
// `prebuilt`: only the build-depends and bootstrap sets of `patch.changed`
// differ (and unknown names past `keptNodes` come and go). A package's
// build-depends enter the run in two places only: its own readiness (it is
// built fully in the wave after the last of its inputs' install components
// became installable) and its own build's taint (whether an input's runtime
// closure still held a tainting package when its wave began). So when every
// changed package keeps its bootstrap sets, would be built fully in the same
// wave as before (or never, as before) and with the same taint, the two runs
// are the same wave for wave: by induction, the waves before its build are the
// same, its build is, and after it its build-depends play no part. The old run
// records per install component the waves that decide both (`installWave`,
// `untaintWave`); the new state is the old one in the new numbering.
//
// On Debian's binary-level import this replaces a run of ~20 ms by a few
// copies. Typing a new name into a list carries the run with unknown names
// assumed available (the cycle analysis's) over: the name is available from
// the start. A package that can no longer be built, or a name that was its
// package's last input to become available, runs it again.

import type { BuildGraph } from './build-graph';
import { KIND_UNKNOWN } from './binary-nodes';
import { AvailabilityFixpoint, type InstallKahn } from './availability';
import { sameSequence } from './csr';
import type { BootstrapState } from './plan';

/** Whether carrying over was tried and how it went (for tests and benchmarks). */
export const carriedPhases = { carried: 0, declined: 0 };

/**
 * `graph`'s bootstrap phase as `before`'s run (on the graph `graph` was patched
 * from, with the same assumption about unknown names), when the patch cannot
 * have changed it; else undefined.
 */
export function carriedBootstrapPhase(graph: BuildGraph, before: BootstrapState): BootstrapState | undefined {
  const patch = graph.patch;
  const old = before.graph;
  if (!patch || patch.from.deref() !== old) return undefined;
  const carried = carry(graph, before, patch.keptNodes, patch.keptComponents, patch.changed);
  carriedPhases[carried ? 'carried' : 'declined']++;
  return carried;
}

function carry(graph: BuildGraph, before: BootstrapState, keptNodes: number, keptComponents: number, changed: Int32Array): BootstrapState | undefined {
  const old = before.graph;
  const assume = before.assumeUnknownAvailable;
  const n = graph.size;
  const C = graph.installScc.count;
  // Past what the patch kept: unknown names alone, each its own component.
  for (let i = keptNodes; i < n; i++) if (graph.kind[i] !== KIND_UNKNOWN) return undefined;
  const dscc = graph.installScc;
  for (let c = keptComponents; c < C; c++) {
    for (let k = dscc.offsets[c]; k < dscc.offsets[c + 1]; k++) if (graph.kind[dscc.members[k]] !== KIND_UNKNOWN) return undefined;
  }
  // The waves of the new graph's components: the kept ones as before; an
  // unknown name's is installable from the start when assumed available, else never.
  // (An unknown name taints nothing: counted untainted from the start.)
  const installWave = kept(before.installWave, C, keptComponents, assume ? 0 : -1);
  const untaintWave = kept(before.untaintWave, C, keptComponents, 0);

  const comp = graph.installComp;
  for (let k = 0; k < changed.length; k++) {
    const p = changed[k];
    if (p >= keptNodes || !sameStageSets(old, graph, p)) return undefined;
    // The wave its full build would come in, given the same waves before it.
    let last = 0;
    for (let e = graph.bdOffsets[p]; e < graph.bdOffsets[p + 1] && last >= 0; e++) {
      const w = installWave[comp[graph.bdTargets[e]]];
      last = w < 0 ? -1 : Math.max(last, w);
    }
    const wave = last < 0 ? -1 : last + 1;
    if (wave !== before.fullWave[p]) return undefined;
    if (wave < 0) continue;
    // Tainted when an input's closure still held a tainting package as the wave began.
    let tainted = false;
    for (let e = graph.bdOffsets[p]; e < graph.bdOffsets[p + 1] && !tainted; e++) {
      const u = untaintWave[comp[graph.bdTargets[e]]];
      tainted = u < 0 || u >= wave;
    }
    if (tainted !== (before.buildTainted[before.fullBuild[p]] === 1)) return undefined;
  }

  // The same builds; per-node tables in the new numbering (the nodes past
  // keptNodes are unknown names: never built, available when assumed).
  const perNode = <T extends Int32Array | Uint8Array>(values: T, rest: number): T => kept(values, n, keptNodes, rest);
  // A stage build's inputs are its bootstrap set's entries, which may name unknown names renumbered.
  const buildInputs: Array<Int32Array | undefined> = [];
  before.buildInputs.forEach((entries, b) => {
    const p = before.buildPkg[b];
    const set = graph.stages[p].find((s) => s.stage === before.buildStage[b]);
    buildInputs[b] = set ? set.entries : entries;
  });
  // (Not a spread of `before`: that would read its final counters, made on demand.)
  const state = {
    graph,
    assumeUnknownAvailable: assume,
    avail: perNode(before.avail, assume ? 1 : 0),
    fullWave: perNode(before.fullWave, -1),
    waveCount: before.waveCount,
    buildPkg: before.buildPkg,
    buildKind: before.buildKind,
    buildStage: before.buildStage,
    buildWave: before.buildWave,
    buildTainted: before.buildTainted,
    buildInputs,
    latestBuild: perNode(before.latestBuild, -1),
    prevBuild: before.prevBuild,
    fullBuild: perNode(before.fullBuild, -1),
    waveNodes: before.waveNodes,
    waveStage: before.waveStage,
    installWave,
    untaintWave,
  } as BootstrapState;
  defineFinalCount(state, graph, assume);
  return state;
}

/**
 * The final counters, made when asked for (the plan's stuck report, a cycle
 * analysis from scratch): the fixpoint the run ends at, whatever the order of
 * its builds. (A function of its own: a closure made in `carry` would keep the
 * last state, and its graph, alive.)
 */
function defineFinalCount(state: BootstrapState, graph: BuildGraph, assume: boolean): void {
  // One count for the state and its copies (plan.ts shares a state between the
  // two assumptions when the graph has no unknown name).
  let count: InstallKahn | undefined;
  Object.defineProperty(state, 'kahn', {
    enumerable: true,
    configurable: true,
    get(): InstallKahn {
      if (!count) {
        count = new AvailabilityFixpoint(graph, assume).kahn;
        count.onFullReady = () => {};
        count.onStageReady = () => {};
      }
      return count;
    },
  });
}

/** Whether package p has the same bootstrap sets (stages and entries by name) in both graphs. */
function sameStageSets(a: BuildGraph, b: BuildGraph, p: number): boolean {
  const x = a.stages[p];
  const y = b.stages[p];
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k].stage !== y[k].stage || !sameSequence(x[k].buildDepends, y[k].buildDepends)) return false;
  return true;
}

/**
 * `values` for `size` indices: the first `keep` as they are, `rest` past them.
 * A view of the same array when nothing past `keep` is left (states are
 * read-only): an edit that drops an unknown name copies nothing.
 */
function kept<T extends Int32Array | Uint8Array>(values: T, size: number, keep: number, rest: number): T {
  if (keep >= size) return values.subarray(0, size) as T;
  const out = new (values.constructor as new (length: number) => T)(size);
  out.set(values.subarray(0, keep));
  if (rest !== 0) out.fill(rest, keep);
  return out;
}
