// Moving a tree's offsets after the text before them changed length: the
// incremental re-parse moves what follows an edit, the chunked parse moves each
// chunk's nodes to their place in the whole text.

import type { DocNode } from './parsed-document';

/**
 * Moves every offset at or after `from` by `delta`, in place (the range
 * objects too: results that outlive an analysis hold copies, see
 * checks/diagnostic.ts copyRange). Subtrees that end before `from` are
 * skipped whole.
 */
export function moveOffsets(root: DocNode, from: number, delta: number): void {
  if (delta === 0) return;
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const r = n.range;
    if (r.end >= from) {
      if (r.start >= from) r.start += delta;
      r.end += delta;
    }
    const k = n.keyRange;
    if (k && k.end >= from) {
      if (k.start >= from) k.start += delta;
      k.end += delta;
    }
    const children = n.children;
    // Children are in document order: only those ending at or after `from` move.
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c.range.end < from && (!c.keyRange || c.keyRange.end < from)) break;
      stack.push(c);
    }
  }
}
