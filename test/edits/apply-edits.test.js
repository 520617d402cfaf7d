'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { edits } = require('./helpers');

const { applyEdits, EditError } = edits;
const e = (start, end, newText) => ({ range: { start, end }, newText });

describe('applyEdits', () => {
  it('applies edits in any order given', () => {
    assert.equal(applyEdits('abcdef', [e(4, 5, 'E'), e(0, 1, 'A'), e(2, 2, '+')]), 'Ab+cdEf');
  });

  it('applies insertions at one offset in the order given, before a replacement starting there', () => {
    assert.equal(applyEdits('abc', [e(1, 2, 'B'), e(1, 1, '1'), e(1, 1, '2')]), 'a12Bc');
  });

  it('accepts adjacent edits', () => {
    assert.equal(applyEdits('abcd', [e(1, 2, 'X'), e(2, 3, 'Y')]), 'aXYd');
  });

  it('throws a clear error on overlap', () => {
    assert.throws(() => applyEdits('abcdef', [e(0, 3, 'x'), e(2, 4, 'y')]), (error) => {
      assert.ok(error instanceof EditError);
      assert.equal(error.code, 'overlap');
      assert.match(error.message, /overlapping edits: \[0, 3\) and \[2, 4\)/);
      return true;
    });
    assert.throws(() => applyEdits('abc', [e(1, 1, 'x'), e(0, 3, 'y')]), /overlapping/);
  });

  it('throws on ranges outside the text', () => {
    assert.throws(() => applyEdits('abc', [e(2, 5, 'x')]), RangeError);
    assert.throws(() => applyEdits('abc', [e(2, 1, 'x')]), RangeError);
  });

  it('counts UTF-16 code units', () => {
    assert.equal(applyEdits('😀a', [e(2, 3, 'b')]), '😀b');
  });
});
