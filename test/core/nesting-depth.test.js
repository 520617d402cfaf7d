'use strict';
// The YAML nesting estimate skips the rest of each line after its leading
// indicators; it must count exactly as reading every character does. The
// character-by-character reading (the estimate's definition) is kept here as
// the reference, and both are compared on random texts of the characters
// that matter, at random limits.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { nestsDeeperThan, MAX_NESTING } = require('../../server/out/core/document/nesting-depth');

function referenceYamlDepthExceeds(text, limit) {
  const SPACE = 32, TAB = 9, LF = 10, CR = 13;
  const indents = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let col = 0;
    while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) { i++; col++; }
    const c = text.charCodeAt(i);
    const blank = i >= n || c === LF || c === CR || c === 35;
    if (!blank && flow === 0) {
      while (indents.length && indents[indents.length - 1] >= col) indents.pop();
      indents.push(col);
    }
    let compact = 0;
    let lineStart = true;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === LF || ch === CR) { i++; break; }
      if (ch === 91 || ch === 123) flow++;
      else if (ch === 93 || ch === 125) { if (flow > 0) flow--; }
      else if (lineStart && (ch === 45 || ch === 63 || ch === 58)) {
        const next = text.charCodeAt(i + 1);
        if (next === SPACE || next === TAB) compact++;
        else lineStart = false;
      } else if (ch !== SPACE && ch !== TAB) lineStart = false;
      if (indents.length + compact + flow > limit) return true;
    }
  }
  return false;
}

const CHARS = [' ', ' ', ' ', '\t', '\n', '\n', '\r', '-', '?', ':', '#', '[', ']', '{', '}', 'a', 'b', 'é', '😀'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 60 }).map((cs) => cs.join(''));

describe('YAML nesting estimate', () => {
  it('counts as reading every character does', () => {
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 8 }), (t, limit) => {
      assert.equal(nestsDeeperThan(t, 'yaml', limit), referenceYamlDepthExceeds(t, limit), JSON.stringify(t));
    }), { numRuns: 20000 });
  });

  it('finds brackets after a line start, and deep indentation', () => {
    const deepFlow = 'a: ' + '['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1) + '\n';
    assert.equal(nestsDeeperThan(deepFlow, 'yaml'), true);
    assert.equal(nestsDeeperThan('a: ' + '['.repeat(MAX_NESTING - 2) + '\n', 'yaml'), false);
    let deepBlock = '';
    for (let d = 0; d <= MAX_NESTING; d++) deepBlock += ' '.repeat(d) + 'k:\n';
    assert.equal(nestsDeeperThan(deepBlock, 'yaml'), true);
    assert.equal(nestsDeeperThan('k: [a, {b: [c]}]  # ]]]\n- - - x\n', 'yaml', 4), referenceYamlDepthExceeds('k: [a, {b: [c]}]  # ]]]\n- - - x\n', 4));
  });
});
