'use strict';
// The tangled file (test/clients/fixtures/tangled.bootstrap.yaml): gcc is in
// two cycles (gcc → glibc → gcc, gcc → binutils → zlib → gcc), with more loops
// around. Shared by the Neovim and Emacs tests: what an editor reports before
// and after one preferred quick fix at the first cycle entry (gcc's `glibc`),
// and the judgement: fewer cycle errors, and the one fixed is gone.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const TANGLED = path.join(__dirname, 'fixtures', 'tangled.bootstrap.yaml');

/** The line (0-based) and column of `glibc` in gcc's build-depends in `text`. */
function gccGlibcEntry(text) {
  const lines = text.split('\n');
  const gcc = lines.indexOf('  gcc:');
  for (let i = gcc + 1; i < lines.length && lines[i].startsWith('    '); i++) {
    const m = /^ {4}build-depends: \[(.*)\]/.exec(lines[i]);
    if (m) return { line: i, col: lines[i].indexOf('glibc', lines[i].indexOf('[')) };
  }
  return undefined;
}

/**
 * `steps`: diagnostics [{line, col, message}], 'code actions' {chosen, at},
 * written (the text on disk), 'diagnostics after fix'.
 */
function judgeTangled(steps) {
  const original = fs.readFileSync(TANGLED, 'utf8');
  const before = steps.diagnostics;
  const after = steps['diagnostics after fix'];
  const { at, chosen } = steps['code actions'];
  const entry = gccGlibcEntry(original);
  assert.ok(before.length >= 8, `the tangle reports its cycles: ${JSON.stringify(before)}`);
  assert.deepEqual([at.line, at.col], [entry.line, entry.col], 'the fix was asked at gcc\'s glibc entry, the first cycle error');
  assert.ok(typeof chosen === 'string' && chosen.length > 0, 'a preferred fix was applied');
  assert.notEqual(steps.written, original, 'the file on disk changed');

  const report = `fix "${chosen}"\nbefore (${before.length}):\n${before.map((d) => `  ${d.line}:${d.col} ${d.message}`).join('\n')}\nafter (${after.length}):\n${after.map((d) => `  ${d.line}:${d.col} ${d.message}`).join('\n')}`;
  assert.ok(after.length < before.length, `the number of cycle errors drops\n${report}`);
  const moved = gccGlibcEntry(steps.written);
  assert.ok(!after.some((d) => moved && d.line === moved.line && d.col === moved.col), `no cycle error left on gcc's glibc entry\n${report}`);
  assert.ok(!after.some((d) => d.message === at.message), `the error that was fixed is gone\n${report}`);
}

module.exports = { TANGLED, judgeTangled };
