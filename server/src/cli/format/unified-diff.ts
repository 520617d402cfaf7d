// A unified diff of two texts (`strap fix --diff`), as `diff -u` and
// `git apply` read it: a line diff by Myers' O(ND) algorithm (fixes change
// few lines), hunks with three lines of context.

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(before: string, after: string, oldName: string, newName: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a.lines, b.lines);
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  // Walk the ops, cutting hunks around changes.
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  const positions: Array<{ old: number; new: number }> = [];
  for (const op of ops) {
    positions.push({ old: oldLine, new: newLine });
    if (op.kind !== '+') oldLine++;
    if (op.kind !== '-') newLine++;
  }
  while (i < ops.length) {
    if (ops[i].kind === ' ') { i++; continue; }
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // Extend while the next change is within 2 × CONTEXT unchanged lines.
    while (end < ops.length) {
      if (ops[end].kind !== ' ') { end++; continue; }
      let run = end;
      while (run < ops.length && ops[run].kind === ' ') run++;
      if (run < ops.length && run - end <= 2 * CONTEXT) { end = run; continue; }
      end = Math.min(ops.length, end + CONTEXT);
      break;
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = oldCount ? positions[start].old : positions[start].old - 1;
    const newStart = newCount ? positions[start].new : positions[start].new - 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (let k = start; k < end; k++) {
      const op = ops[k];
      if (op.line.endsWith(NO_EOL)) out.push(op.kind + op.line.slice(0, -NO_EOL.length), '\\ No newline at end of file');
      else out.push(op.kind + op.line);
    }
    i = end;
  }
  return out.join('\n') + '\n';
}

// A last line without its newline differs from the same text with one.
const NO_EOL = '\u0000no newline';

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  if (!finalNewline) lines[lines.length - 1] += NO_EOL;
  return { lines, finalNewline };
}

/** The shortest edit script from a to b (Myers), as kept, removed and added lines. */
function diffLines(a: string[], b: string[]): Op[] {
  // Common prefix and suffix first: a fix touches a few places in a long file.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const x = a.slice(prefix, a.length - suffix);
  const y = b.slice(prefix, b.length - suffix);
  const middle = myers(x, y);
  return [
    ...a.slice(0, prefix).map((line) => ({ kind: ' ' as const, line })),
    ...middle,
    ...a.slice(a.length - suffix).map((line) => ({ kind: ' ' as const, line })),
  ];
}

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  trace.push(v.slice());
  // Backtrack from (n, m).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { ops.push({ kind: ' ', line: a[x - 1] }); x--; y--; }
    if (d === 0) break;
    if (x === prevX) { ops.push({ kind: '+', line: b[y - 1] }); y--; }
    else { ops.push({ kind: '-', line: a[x - 1] }); x--; }
  }
  return ops.reverse();
}
