// Building a BuildGraph from package specs: names numbered in name order, lists
// de-duplicated, build-depends and depends as CSR adjacencies with their reverses,
// the install components and their condensation. When the specs differ from the
// last build's in a few entries that keep their names, the last graph is
// patched instead (graph-patch.ts), with the same result.

import type { PackageSpec } from './types';
import { reverseCsr } from './csr';
import { dependsSide } from './depends-side';
import { graphStateOf, type GraphState } from './graph-state';
import { normaliseStages, type StageSet } from './stage-sets';
import { binaryLayer, dependsAsDeclared, expandBinaries, plainLayer, KIND_PACKAGE, type BinaryLayer } from './binary-nodes';
import { sharedInterner, type NameInterner } from './name-interner';
import { patchedBuild, rememberBuild, type GraphPatch } from './graph-patch';

/** What a BuildGraph is made of (see its fields). */
export interface BuildGraphInit {
  names: string[];
  provIndex: Map<string, number>;
  nodeOfProv: Int32Array;
  declared: Uint8Array;
  prebuilt: Uint8Array;
  buildDepends: string[][];
  depends: string[][];
  bdOffsets: Int32Array;
  bdTargets: Int32Array;
  rbdOffsets: Int32Array;
  rbdSources: Int32Array;
  dependsOffsets: Int32Array;
  dependsTargets: Int32Array;
  rdepOffsets: Int32Array;
  rdepSources: Int32Array;
  stages: StageSet[][];
  specs: PackageSpec[];
  core: GraphState;
  /** Binaries, virtual names: node kinds and build targets. */
  layer: BinaryLayer;
  /** Set when the graph is a patch of the last build's (graph-patch.ts). */
  patch?: GraphPatch;
}

/** The parts of the graph of a set of packages. The first declaration of a name wins. */
export function indexPackages(input: readonly PackageSpec[]): BuildGraphInit {
  const ex = expandBinaries(input);
  // A copy of the input: the next build compares its entries with these by
  // place, and a caller may replace a spec in the array it passed.
  const entries = ex ? ex.input : input.slice();
  const patched = patchedBuild(entries, ex, sharedInterner(entries.length));
  if (patched) return patched;
  const built = indexEntries(entries);
  const { init, nodeOfInput } = built;
  init.layer = ex ? binaryLayer(init.names.length, nodeOfInput, init.declared, ex) : plainLayer(init.declared);
  // The packages as declared: their own specs and depends lists (the entries of
  // binaries and virtual names are not packages).
  const specs: PackageSpec[] = [];
  const n = init.names.length;
  const firstAt = new Int32Array(n).fill(-1);
  const specAt = new Int32Array(entries.length).fill(-1);
  for (let at = 0; at < entries.length; at++) {
    const s = entries[at];
    const i = nodeOfInput[at];
    if (i < 0 || firstAt[i] >= 0) continue; // the first declaration of a name wins
    firstAt[i] = at;
    if (init.layer.kind[i] !== KIND_PACKAGE) continue;
    const o = ex?.declaredAt[at] ?? s;
    specAt[at] = specs.length;
    specs.push(o);
    if (o !== s) init.depends[i] = dependsAsDeclared(o);
  }
  init.specs = specs;
  rememberBuild(init, { entries, expanded: ex, interner: built.interner, provOfNode: built.provOfNode, firstAt, specAt, stageRefs: built.stageRefs, namedNodes: built.namedNodes });
  return init;
}

/**
 * The parts of the graph of plain entries (no binaries), but for `layer`, and
 * the node of each entry of the input, by position (-1: an entry without a name).
 * `namedNodes`: how many nodes are entries' names (nodes 0 to namedNodes - 1).
 */
function indexEntries(input: readonly PackageSpec[]): { init: BuildGraphInit; nodeOfInput: Int32Array; interner: NameInterner; provOfNode: Int32Array; stageRefs: Int32Array; namedNodes: number } {
  // This runs once per dependency edit, so mostly in V8's lower tiers, where
  // push-grown arrays and `for…of` iterators allocate several times what they
  // keep (at 30 000 packages, ~30 MB of garbage per edit). So: list lengths are
  // counted first, the flat lists are typed arrays of their final size, and
  // every loop is indexed.
  const count = input.length;
  let bdTotal = 0;
  let depTotal = 0;
  let stageTotal = 0;
  for (let k = 0; k < count; k++) {
    const s = input[k];
    if (!s) continue;
    if (Array.isArray(s.buildDepends)) bdTotal += s.buildDepends.length;
    if (Array.isArray(s.depends)) depTotal += s.depends.length;
    if (Array.isArray(s.bootstrap)) {
      for (let at = 0; at < s.bootstrap.length; at++) {
        const list = s.bootstrap[at]?.buildDepends;
        if (Array.isArray(list)) stageTotal += list.length;
      }
    }
  }

  // 1. Names. One pass over the specs: a parser leaves them scattered in memory,
  // so each is read once, while it is in cache. Names get provisional ids from the
  // interner builds share (the lists of a spec the last build had at the same
  // place are copied from its flat arrays); the lists are kept as flat arrays of
  // those ids, plus a copy of each list of strings.
  const specs: PackageSpec[] = [];
  const interner = sharedInterner(count);
  const provIndex = interner.index;
  // Ids are below the interner's size after this pass, which adds at most one per string.
  const provDeclared = new Uint8Array(interner.size + count + bdTotal + depTotal + stageTotal);
  const idOf = (x: string): number => interner.id(x);
  const specProv = new Int32Array(count);
  const specPrebuilt = new Uint8Array(count);
  const specHasStages = new Uint8Array(count);
  const bdFlat = new Int32Array(bdTotal);
  const bdStart = new Int32Array(count + 1);
  const bdCopy: Array<string[] | undefined> = new Array(count);
  const depFlat = new Int32Array(depTotal);
  const depStart = new Int32Array(count + 1);
  const depCopy: Array<string[] | undefined> = new Array(count);
  let bdLength = 0;
  let depLength = 0;
  const bdFrom = new Int32Array(count).fill(-1);
  const bdTo = new Int32Array(count);
  const depFrom = new Int32Array(count).fill(-1);
  const depTo = new Int32Array(count);
  /** Ids of the strings of list `which` of input[k], written into `flat` from `at`; how many. */
  const writeIds = (k: number, which: number, list: readonly unknown[], flat: Int32Array, at: number): number => {
    const ids = interner.lastIds(input, k, which) ?? interner.idsOf(list);
    flat.set(ids, at);
    return ids.length;
  };
  /** The list itself (a copy, unless frozen) when it holds strings only and some. */
  const copyOf = (list: readonly unknown[], strings: number): string[] | undefined =>
    // A frozen list (the analysis freezes its specs' lists) is shared, not copied.
    strings > 0 && strings === list.length ? (Object.isFrozen(list) ? list as string[] : list.slice() as string[]) : undefined;
  // Provisional ids of the stage sets' names, per set of the specs that have some.
  const stageIds: Array<Array<readonly number[] | undefined>> = [];
  let m = 0; // specs kept
  const nameIds = new Int32Array(count).fill(-1);
  for (let k = 0; k < count; k++) {
    const s = input[k];
    if (!s || typeof s.name !== 'string') continue;
    const known = interner.lastNameId(input, k);
    const id = known >= 0 ? known : idOf(s.name);
    nameIds[k] = id;
    if (provDeclared[id]) continue; // the first declaration wins
    provDeclared[id] = 1;
    specs.push(s);
    specProv[m] = id;
    specPrebuilt[m] = s.prebuilt === true ? 1 : 0;
    bdStart[m] = bdLength;
    if (Array.isArray(s.buildDepends)) {
      const written = writeIds(k, 0, s.buildDepends, bdFlat, bdLength);
      bdFrom[k] = bdLength;
      bdLength += written;
      bdTo[k] = bdLength;
      bdCopy[m] = copyOf(s.buildDepends, written);
    }
    depStart[m] = depLength;
    if (Array.isArray(s.depends)) {
      const written = writeIds(k, 1, s.depends, depFlat, depLength);
      depFrom[k] = depLength;
      depLength += written;
      depTo[k] = depLength;
      depCopy[m] = copyOf(s.depends, written);
    }
    const hasStages = Array.isArray(s.bootstrap) && s.bootstrap.length > 0;
    specHasStages[m] = hasStages ? 1 : 0;
    if (hasStages) {
      const lists: Array<readonly number[] | undefined> = [];
      for (let at = 0; at < s.bootstrap.length; at++) {
        const st = s.bootstrap[at];
        lists.push(st && Array.isArray(st.buildDepends) ? interner.idsOf(st.buildDepends) : []);
      }
      stageIds[m] = lists;
    }
    m++;
  }
  interner.remember({ input, nameIds, lists: [{ flat: bdFlat, from: bdFrom, to: bdTo }, { flat: depFlat, from: depFrom, to: depTo }] });
  bdStart[m] = bdLength;
  depStart[m] = depLength;
  // Node index: the names entries declare in name order, then the names only
  // referenced (unknown names) in name order. The interner keeps every name it
  // knows in name order. Unknown names last, so that a name being typed (an
  // unknown one) renumbers only the few unknown nodes (graph-patch.ts).
  const provNames = interner.names;
  const used = new Uint8Array(interner.size);
  for (let k = 0; k < m; k++) {
    used[specProv[k]] = 1;
    const lists = stageIds[k];
    if (lists) for (const list of lists) if (list) for (let j = 0; j < list.length; j++) used[list[j]] = 1;
  }
  for (let j = 0; j < bdLength; j++) used[bdFlat[j]] = 1;
  for (let j = 0; j < depLength; j++) used[depFlat[j]] = 1;
  const order = interner.sorted();
  const perm = new Int32Array(interner.size).fill(-1);
  const names: string[] = [];
  const provOfNode = new Int32Array(order.length);
  for (let pass = 1; pass >= 0; pass--) {
    for (let j = 0; j < order.length; j++) {
      const id = order[j];
      if (!used[id] || provDeclared[id] !== pass) continue;
      provOfNode[names.length] = id;
      perm[id] = names.length;
      names.push(provNames[id]);
    }
  }
  const n = names.length;
  // How many bootstrap lists name each node (each list counted once): what a
  // patch needs to tell whether an edit left a name unused (graph-patch.ts).
  const stageRefs = new Int32Array(n);
  const stageSeen = new Int32Array(n).fill(-1);
  let stageList = 0;
  for (let k = 0; k < m; k++) {
    const lists = stageIds[k];
    if (!lists) continue;
    for (const list of lists) {
      stageList++;
      if (list) {
        for (let j = 0; j < list.length; j++) {
          const v = perm[list[j]];
          if (stageSeen[v] !== stageList) {
            stageSeen[v] = stageList;
            stageRefs[v]++;
          }
        }
      }
    }
  }

  const declared = new Uint8Array(n);
  const prebuilt = new Uint8Array(n);
  const buildDepends: string[][] = new Array(n);
  const depends: string[][] = new Array(n);
  const stages: StageSet[][] = new Array(n);
  const noStrings: string[] = [];
  const noStages: StageSet[] = [];
  for (let i = 0; i < n; i++) {
    buildDepends[i] = noStrings;
    depends[i] = noStrings;
    stages[i] = noStages;
  }
  // De-duplicate a flat range (first occurrence wins), giving the strings in
  // declaration order and the indices ascending.
  const seenStamp = new Int32Array(n);
  let stampCounter = 0;
  // A typed scratch list: \`array.length = 0\` drops an array's storage, and
  // re-growing it for each of 60 000 lists was most of this loop's garbage.
  const uniqBuffer = new Int32Array(n);
  let uniqLength = 0;
  const dedupeRange = (flat: ArrayLike<number>, from: number, to: number): void => {
    stampCounter++;
    uniqLength = 0;
    for (let j = from; j < to; j++) {
      const x = perm[flat[j]];
      if (seenStamp[x] !== stampCounter) {
        seenStamp[x] = stampCounter;
        uniqBuffer[uniqLength++] = x;
      }
    }
  };
  const uniqNames = (): string[] => {
    const out: string[] = new Array(uniqLength);
    for (let j = 0; j < uniqLength; j++) out[j] = names[uniqBuffer[j]];
    return out;
  };
  const dependsOffsets = new Int32Array(n + 1);
  const bdOffsets = new Int32Array(n + 1);
  const specNode = new Int32Array(m);
  const bdUniq = new Int32Array(bdLength);
  const bdUniqStart = new Int32Array(m + 1);
  const depUniq = new Int32Array(depLength);
  const depUniqStart = new Int32Array(m + 1);
  let bdUniqLength = 0;
  let depUniqLength = 0;
  for (let k = 0; k < m; k++) {
    const i = perm[specProv[k]];
    declared[i] = 1;
    prebuilt[i] = specPrebuilt[k];
    dedupeRange(bdFlat, bdStart[k], bdStart[k + 1]);
    specNode[k] = i;
    bdUniqStart[k] = bdUniqLength;
    if (uniqLength > 0) {
      // A list of distinct strings is its own de-duplicated copy.
      const copy = bdCopy[k];
      buildDepends[i] = copy && copy.length === uniqLength ? copy : uniqNames();
      for (let j = 0; j < uniqLength; j++) bdUniq[bdUniqLength++] = uniqBuffer[j];
      bdOffsets[i + 1] = uniqLength;
    }
    dedupeRange(depFlat, depStart[k], depStart[k + 1]);
    depUniqStart[k] = depUniqLength;
    if (uniqLength > 0) {
      const copy = depCopy[k];
      depends[i] = copy && copy.length === uniqLength ? copy : uniqNames();
      for (let j = 0; j < uniqLength; j++) depUniq[depUniqLength++] = uniqBuffer[j];
      dependsOffsets[i + 1] = uniqLength;
    }
    if (specHasStages[k]) {
      // The names were looked up in the pass above: de-duplicate by id.
      const lists = stageIds[k];
      stages[i] = normaliseStages(specs[k].bootstrap, (_set, at) => {
        const list = lists[at] as readonly number[];
        dedupeRange(list, 0, list.length);
        return { buildDepends: uniqNames(), entries: uniqBuffer.slice(0, uniqLength).sort() };
      });
    }
  }

  bdUniqStart[m] = bdUniqLength;
  depUniqStart[m] = depUniqLength;

  // 2. build-depends and depends adjacency (CSR, ascending), their reverses, the
  // install components and their condensation.
  const toCsr = (offs: Int32Array, flat: Int32Array, starts: Int32Array): Int32Array => {
    for (let i = 0; i < n; i++) offs[i + 1] += offs[i];
    const out = new Int32Array(offs[n]);
    for (let k = 0; k < m; k++) {
      const at = offs[specNode[k]];
      const len = starts[k + 1] - starts[k];
      for (let j = 0; j < len; j++) {
        // insertion sort while copying: lists are short
        const x = flat[starts[k] + j];
        let m = at + j;
        while (m > at && out[m - 1] > x) {
          out[m] = out[m - 1];
          m--;
        }
        out[m] = x;
      }
    }
    return out;
  };
  const bdTargets = toCsr(bdOffsets, bdUniq, bdUniqStart);
  const dependsTargets = toCsr(dependsOffsets, depUniq, depUniqStart);
  const rbd = reverseCsr(n, bdOffsets, bdTargets);
  const side = dependsSide({ names, interner, perm, provOfNode: provOfNode.subarray(0, n) }, dependsOffsets, dependsTargets);

  const nodeOfInput = new Int32Array(count);
  for (let k = 0; k < count; k++) nodeOfInput[k] = nameIds[k] >= 0 ? perm[nameIds[k]] : -1;

  const init: BuildGraphInit = {
    names,
    provIndex,
    nodeOfProv: perm,
    declared,
    prebuilt,
    buildDepends,
    depends,
    bdOffsets,
    bdTargets,
    rbdOffsets: rbd.offsets,
    rbdSources: rbd.targets,
    dependsOffsets,
    dependsTargets,
    rdepOffsets: side.rdep.offsets,
    rdepSources: side.rdep.targets,
    stages,
    specs,
    core: graphStateOf(side, n),
    layer: undefined as unknown as BinaryLayer,
  };
  return { init, nodeOfInput, interner, provOfNode: provOfNode.subarray(0, n), stageRefs, namedNodes: m };
}

