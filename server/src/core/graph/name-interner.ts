// Names as numbers that outlive one build of the graph. An edit changes one
// package's lists; every other list, and the names in it, are the same as in the
// last build. So the graph construction copies the ids of the lists of every
// spec the last build had at the same place, and looks up each new name once:
// on Debian's 250 000 entries the string lookups were half of a rebuild. What is interned never changes a graph: ids are
// provisional, nodes are still numbered by name.

/** Interned names, with their order by name kept as names arrive. */
export class NameInterner {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  /** All ids in name order (JavaScript string order). */
  private order = new Int32Array(0);
  /** Ids added since `order` was last brought up to date. */
  private pending: number[] = [];
  /**
   * The specs of the last build, the ids of their names and of their lists (an
   * edit keeps the other specs in place). Kept as the build's own flat arrays: a
   * cache per list (a map from list to ids) cost 17 MB at 30 000 packages.
   */
  private last: LastBuild = { input: [], nameIds: new Int32Array(0), lists: [] };

  get size(): number {
    return this.names.length;
  }

  id(name: string): number {
    let id = this.index.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.index.set(name, id);
      this.names.push(name);
      this.pending.push(id);
    }
    return id;
  }

  /** The ids of the strings of `list` (other values skipped). */
  idsOf(list: readonly unknown[]): number[] {
    const ids: number[] = [];
    for (let j = 0; j < list.length; j++) {
      const x = list[j];
      if (typeof x === 'string') ids.push(this.id(x));
    }
    return ids;
  }

  /**
   * The id of the name of `input[k]` when the same spec object sat at `k` in the
   * last build (a spec's name never changes), else -1. `remember` afterwards.
   */
  lastNameId(input: readonly { name: unknown }[], k: number): number {
    return this.sameAsLast(input, k) ? this.last.nameIds[k] : -1;
  }

  /**
   * The ids of list `which` of `input[k]` in the last build (a subarray of its
   * flat array), when the same spec sat at `k` and the list was written; else undefined.
   */
  lastIds(input: readonly { name: unknown }[], k: number, which: number): Int32Array | undefined {
    if (!this.sameAsLast(input, k)) return undefined;
    const list = this.last.lists[which];
    if (!list || list.from[k] < 0) return undefined;
    return list.flat.subarray(list.from[k], list.to[k]);
  }

  remember(last: LastBuild): void {
    this.last = last;
  }

  private sameAsLast(input: readonly { name: unknown }[], k: number): boolean {
    return k < this.last.input.length && this.last.input[k] === input[k];
  }

  /** Every id, in name order. */
  sorted(): Int32Array {
    if (this.pending.length === 0) return this.order;
    const names = this.names;
    const added = Int32Array.from(this.pending).sort((x, y) => (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
    const old = this.order;
    const merged = new Int32Array(old.length + added.length);
    for (let i = 0, a = 0, b = 0; i < merged.length; i++) {
      merged[i] = b >= added.length || (a < old.length && names[old[a]] < names[added[b]]) ? old[a++] : added[b++];
    }
    this.order = merged;
    this.pending = [];
    return merged;
  }
}

/** What a build leaves for the next: see NameInterner.lastIds. */
export interface LastBuild {
  input: readonly { name: unknown }[];
  nameIds: Int32Array;
  /** Per kind of list: the flat ids and, per input index, where its list lies (-1: not written). */
  lists: Array<{ flat: Int32Array; from: Int32Array; to: Int32Array }>;
}

let shared = new NameInterner();

/**
 * The interner builds share. Typing leaves names behind (each keystroke of a
 * name is a name); when those outnumber the names in use, the next build starts
 * a fresh one (graphs built before keep theirs).
 */
export function sharedInterner(namesInUse: number): NameInterner {
  if (shared.size > 4 * namesInUse + 10_000) shared = new NameInterner();
  return shared;
}
