// `build-depends-bootstrapN` sets as the graph keeps them: de-duplicated, by stage,
// with their entries as node indices.

/** A `build-depends-bootstrapN` set of one package. */
export interface StageSet {
  stage: number;
  /** The entries as declared (de-duplicated, declaration order). */
  buildDepends: string[];
  /** The entries as node indices, ascending, de-duplicated. */
  entries: Int32Array;
}

/** The strings of a list, de-duplicated, in declaration order (non-strings dropped). */
export function dedupeStrings(list: readonly unknown[] | undefined): string[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of list) {
    if (typeof x !== 'string' || seen.has(x)) continue;
    seen.add(x);
    out.push(x);
  }
  return out;
}

/** Bootstrap sets normalised: valid, one per stage (the first wins), ascending by stage. */
export function normaliseStages(
  sets: ReadonlyArray<{ stage: number; buildDepends: readonly string[] }> | undefined,
  resolve: (set: { buildDepends: readonly string[] }, at: number) => { buildDepends: string[]; entries: Int32Array },
): StageSet[] {
  const out: StageSet[] = [];
  if (!Array.isArray(sets)) return out;
  const seen = new Set<number>();
  for (let at = 0; at < sets.length; at++) {
    const s = sets[at];
    if (!s || !Array.isArray(s.buildDepends) || !Number.isInteger(s.stage) || s.stage < 1 || seen.has(s.stage)) continue;
    seen.add(s.stage);
    const { buildDepends, entries } = resolve(s, at);
    out.push({ stage: s.stage, buildDepends, entries });
  }
  out.sort((a, b) => a.stage - b.stage);
  return out;
}

/** A stage set's entries as declared (de-duplicated, declaration order) and as node indices (ascending), by name. */
export function resolveByName(indexOf: (name: string) => number) {
  return (set: { buildDepends: readonly string[] }): { buildDepends: string[]; entries: Int32Array } => {
    const buildDepends = dedupeStrings(set.buildDepends);
    return { buildDepends, entries: Int32Array.from(buildDepends.map(indexOf)).sort() };
  };
}
