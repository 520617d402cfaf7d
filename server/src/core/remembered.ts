// Results the core remembers from one analysis to the next (the last model,
// workspace, schema errors, references, specs and graph facts per file), so an
// edit re-does only what it touched. Each memo registers here, so a caller can
// make the next analysis start cold — the benchmark does, to time a whole check
// as the command line runs it, once.

const forgetters: Array<() => void> = [];

/** Registers a memo's `clear`; returns the memo. */
export function remembered<T extends { clear(): void }>(memo: T): T {
  forgetters.push(() => memo.clear());
  return memo;
}

/** Drops every remembered result: the next analysis computes everything. */
export function forgetRememberedResults(): void {
  for (const forget of forgetters) forget();
}

/** The latest result per key (a file or entry URI), for at most `limit` keys, the least recently stored dropped first. */
export class LatestPerKey<V> {
  private readonly entries = remembered(new Map<string, V>());

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}
