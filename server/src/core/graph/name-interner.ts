// Names as numbers that outlive one build of the graph. An edit changes one
// package's lists; every other list, and the names in it, are the same as in the
// last build. So the graph construction looks each (frozen) list up once, and
// each name once, across builds: on Debian's 250 000 entries the string lookups
// were half of a rebuild. What is interned never changes a graph: ids are
// provisional, nodes are still numbered by name.

/** Interned names, with their order by name kept as names arrive. */
export class NameInterner {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  /** All ids in name order (JavaScript string order). */
  private order = new Int32Array(0);
  /** Ids added since `order` was last brought up to date. */
  private pending: number[] = [];
  /** Ids of a frozen list of strings (only frozen lists can be trusted not to change). */
  private readonly lists = new WeakMap<readonly unknown[], Int32Array>();
  /** The specs of the last build and the ids of their names: an edit keeps the others in place. */
  private lastInput: readonly { name: unknown }[] = [];
  private lastNameIds: Int32Array = new Int32Array(0);

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

  /** The ids of the strings of `list` (other values skipped), kept for a frozen list. */
  idsOf(list: readonly unknown[]): Int32Array {
    const frozen = Object.isFrozen(list);
    if (frozen) {
      const known = this.lists.get(list);
      if (known) return known;
    }
    let strings = 0;
    for (let j = 0; j < list.length; j++) if (typeof list[j] === 'string') strings++;
    const ids = new Int32Array(strings);
    for (let j = 0, at = 0; j < list.length; j++) {
      const x = list[j];
      if (typeof x === 'string') ids[at++] = this.id(x);
    }
    if (frozen) this.lists.set(list, ids);
    return ids;
  }

  /**
   * The id of the name of `input[k]` when the same spec object sat at `k` in the
   * last build (a spec's name never changes), else -1. `remember` afterwards.
   */
  lastNameId(input: readonly { name: unknown }[], k: number): number {
    return k < this.lastInput.length && this.lastInput[k] === input[k] ? this.lastNameIds[k] : -1;
  }

  remember(input: readonly { name: unknown }[], nameIds: Int32Array): void {
    this.lastInput = input;
    this.lastNameIds = nameIds;
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
