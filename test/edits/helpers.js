'use strict';
// Shared helpers for the edit tests: parse, build edits, apply, re-parse.

const assert = require('node:assert/strict');
const { parseDocument } = require('../../server/out/core/document/parsed-document');
const edits = require('../../server/out/core/edits');

/** Parses `text`, asks `build(doc)` for edits, applies them and checks that the result parses cleanly. */
function edit(uri, text, build) {
  const doc = parseDocument(uri, text);
  assert.deepEqual(doc.problems, [], `the input parses:\n${text}`);
  const list = build(doc);
  assert.ok(Array.isArray(list), 'edits are an array');
  const out = edits.applyEdits(text, list);
  const after = parseDocument(uri, out);
  assert.deepEqual(after.problems, [], `the result parses:\n${out}`);
  return { text: out, value: after.value, edits: list, doc: after, before: doc };
}

/** Every line break is CRLF. */
function assertCrlf(text) {
  assert.ok(!/(^|[^\r])\n/.test(text), `a bare LF in:\n${JSON.stringify(text)}`);
  assert.ok(!/\r(?!\n)/.test(text), `a bare CR in:\n${JSON.stringify(text)}`);
}

/** Asserts that `fn` throws an EditError with this code. */
function assertRefused(fn, code) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof edits.EditError, `an EditError, got ${error}`);
    assert.equal(error.code, code);
    return true;
  });
}

module.exports = { edit, assertCrlf, assertRefused, edits, parseDocument };
