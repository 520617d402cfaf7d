// "Did you mean" suggestions: the closest candidate by edit distance
// (with transpositions), within a bound that grows with the name's length.

import { remembered } from '../remembered';

// Three DP rows, grown as needed and re-used: suggestions compare one name
// with thousands of candidates.
let rowBuffers: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  if (rowBuffers[0].length < cols) rowBuffers = [new Int32Array(cols * 2), new Int32Array(cols * 2), new Int32Array(cols * 2)];
  let [prevPrev, prev, current] = rowBuffers;
  for (let j = 0; j < cols; j++) { prevPrev[j] = 0; prev[j] = j; current[j] = 0; }
  for (let i = 1; i < rows; i++) {
    current[0] = i;
    let rowMin = current[0];
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min(prev[j] + 1, current[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, prevPrev[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = current;
    current = spare;
  }
  return prev[cols - 1];
}

/** The best few candidates, closest first, ties alphabetical; case differences count as near. */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  return best(name, [...candidates].map((c) => [c, c.toLowerCase()] as const), max);
}

/** `suggest` over one fixed candidate list, prepared once and memoised per name. */
export function suggester(candidates: string[], max = 3): (name: string) => string[] {
  // Prepared on the first question: a big workspace without a misspelt name asks none.
  let prepared: ReadonlyArray<readonly [string, string]> | undefined;
  const memo = new Map<string, string[]>();
  return (name) => {
    let hit = memo.get(name);
    if (!hit) {
      prepared ??= candidates.map((c) => [c, c.toLowerCase()] as const);
      hit = best(name, prepared, max);
      if (memo.size >= 10_000) memo.clear(); // typing leaves many one-off names behind
      memo.set(name, hit);
    }
    return hit;
  };
}

// The suggesters of the last few candidate lists: analyses of successive
// edits mostly see the same names, and keep their memoised answers.
const recentSuggesters: Array<{ candidates: string[]; max: number; suggest: (name: string) => string[] }> = [];
remembered({ clear: () => { recentSuggesters.length = 0; } });

/** `suggester`, re-used while the candidate list is unchanged. */
export function cachedSuggester(candidates: string[], max = 3): (name: string) => string[] {
  const hit = recentSuggesters.find((r) => r.max === max && sameList(r.candidates, candidates));
  if (hit) return hit.suggest;
  const made = { candidates, max, suggest: suggester(candidates, max) };
  recentSuggesters.unshift(made);
  if (recentSuggesters.length > 4) recentSuggesters.pop();
  return made.suggest;
}

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function best(name: string, candidates: ReadonlyArray<readonly [string, string]>, max: number): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const lower = name.toLowerCase();
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const [candidate, candidateLower] of candidates) {
    if (candidate === name || Math.abs(candidateLower.length - lower.length) > limit) continue;
    const distance = candidateLower === lower ? 0.5 : editDistance(lower, candidateLower, limit);
    if (distance <= limit) scored.push({ candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0));
  return scored.slice(0, max).map((s) => s.candidate);
}
