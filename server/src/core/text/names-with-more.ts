// A list of names cut for a message: the first ones, then how many more.

/**
 * `names` joined with commas, the first `max` of them, then how many more
 * there are of `total` (when `names` holds only the first ones of a longer list).
 */
export function namesWithMore(names: readonly string[], max: number, total = names.length): string {
  const shown = names.length > max ? names.slice(0, max) : names;
  return total > shown.length ? `${shown.join(', ')} and ${total - shown.length} more` : shown.join(', ');
}
