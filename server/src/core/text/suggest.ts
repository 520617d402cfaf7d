// "Did you mean" suggestions: the closest candidate by edit distance
// (with transpositions), within a bound that grows with the name's length.

export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, current[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return prev[cols - 1];
}

/** The best few candidates, closest first, ties alphabetical; case differences count as near. */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  return best(name, [...candidates].map((c) => [c, c.toLowerCase()] as const), max);
}

/** `suggest` over one fixed candidate list, prepared once and memoised per name. */
export function suggester(candidates: string[], max = 3): (name: string) => string[] {
  const prepared = candidates.map((c) => [c, c.toLowerCase()] as const);
  const memo = new Map<string, string[]>();
  return (name) => {
    let hit = memo.get(name);
    if (!hit) {
      hit = best(name, prepared, max);
      memo.set(name, hit);
    }
    return hit;
  };
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
