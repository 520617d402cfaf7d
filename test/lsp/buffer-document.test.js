'use strict';
// The server's open buffers (BufferDocument, text as pieces) must behave as
// vscode-languageserver-textdocument's TextDocument, which it replaces: the
// same text, lines and positions after any sequence of changes a client may
// send (incremental ranges, reversed or out of range, line breaks of every
// kind split and joined, whole-text replacements, several per notification).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { TextDocument } = require('vscode-languageserver-textdocument');
const { BufferDocument } = require('../../server/out/lsp/buffer-document.js');

const UNIT = fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r\n', '\r', 'é', '😀', 'gcc: [x]');
const TEXT = fc.string({ unit: UNIT, maxLength: 30 });
const POSITION = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const CHANGE = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: POSITION, end: POSITION }), text: fc.string({ unit: UNIT, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ text: TEXT }) },
);

function sameDocuments(ours, theirs) {
  const text = theirs.getText();
  assert.equal(ours.getText(), text);
  assert.equal(ours.lineCount, theirs.lineCount);
  for (let offset = -1; offset <= text.length + 1; offset++) assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `positionAt(${offset}) of ${JSON.stringify(text)}`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (let character = -1; character <= 12; character++) {
      const p = { line, character };
      assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `offsetAt(${line}:${character}) of ${JSON.stringify(text)}`);
    }
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `getEOLCharacters(${line})`);
    const range = { start: { line, character: 1 }, end: { line: line + 1, character: 2 } };
    assert.equal(ours.getText(range), theirs.getText(range));
  }
}

test('within the text, an open buffer changes as the library document does', () => {
  fc.assert(fc.property(TEXT, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: UNIT, maxLength: 4 })), { maxLength: 10 }), (initial, edits) => {
    let ours = BufferDocument.create('file:///a.yaml', 'yaml', 1, initial);
    let theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
    for (const [i, [x, y, inserted]] of edits.entries()) {
      const length = theirs.getText().length + 1;
      const range = { start: theirs.positionAt(x % length), end: theirs.positionAt(y % length) };
      ours = BufferDocument.update(ours, [{ range, text: inserted }], i + 2);
      theirs = TextDocument.update(theirs, [{ range, text: inserted }], i + 2);
      sameDocuments(ours, theirs);
    }
  }), { numRuns: 300 });
});

test('after any changes a client sends, an open buffer reads and positions as the library document', () => {
  fc.assert(fc.property(TEXT, fc.array(fc.array(CHANGE, { minLength: 1, maxLength: 3 }), { maxLength: 10 }), (initial, notifications) => {
    let ours = BufferDocument.create('file:///a.yaml', 'yaml', 1, initial);
    let text = initial;
    sameDocuments(ours, TextDocument.create('file:///a.yaml', 'yaml', 1, text));
    let version = 1;
    for (const changes of notifications) {
      version++;
      // The reference: each change applied at the offsets the library gives
      // for the text before it. (Its own update is not the reference: for a
      // range past the last line it writes offsets beyond its line table, and
      // every position after that is wrong.)
      for (const change of changes) {
        if (!change.range) {
          text = change.text;
          continue;
        }
        const before = TextDocument.create('file:///a.yaml', 'yaml', version, text);
        const a = before.offsetAt(change.range.start);
        const b = before.offsetAt(change.range.end);
        text = text.slice(0, Math.min(a, b)) + change.text + text.slice(Math.max(a, b));
      }
      ours = BufferDocument.update(ours, changes, version);
      assert.equal(ours.version, version);
      sameDocuments(ours, TextDocument.create('file:///a.yaml', 'yaml', version, text));
    }
  }), { numRuns: 400 });
});

test('typing into a big buffer leaves its text unjoined until someone reads it all', () => {
  const initial = 'packages:\n' + Array.from({ length: 5000 }, (_, i) => `  p${i}: {build-depends: [a, b]}\n`).join('');
  let doc = BufferDocument.create('file:///a.yaml', 'yaml', 1, initial);
  const line = 2500;
  let expected = initial;
  for (const [i, ch] of [...'xyz'].entries()) {
    const position = { line, character: 20 + i };
    const at = doc.offsetAt(position);
    doc = BufferDocument.update(doc, [{ range: { start: position, end: position }, text: ch }], i + 2);
    expected = expected.slice(0, at) + ch + expected.slice(at);
  }
  assert.equal(doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }), expected.split('\n')[line] + '\n');
  assert.equal(doc.source.joined, false);
  assert.equal(doc.getText(), expected);
  assert.equal(doc.source.joined, true);
});

test('a document opened with a text that is not a string has none until a whole new text comes', () => {
  let doc = BufferDocument.create('file:///a.yaml', 'yaml', 1, 42);
  assert.equal(doc.source, undefined);
  assert.equal(doc.getText(), '');
  assert.deepEqual(doc.positionAt(5), { line: 0, character: 0 });
  doc = BufferDocument.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }], 2);
  assert.equal(doc.source, undefined, 'an edit of no text makes none');
  doc = BufferDocument.update(doc, [{ text: 'version: 1\n' }], 3);
  assert.equal(doc.getText(), 'version: 1\n');
  // A change whose text is not a string is inserted as one, as the library's concatenation does.
  doc = BufferDocument.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 5 }], 4);
  assert.equal(doc.getText(), 'version: 1\n5');
  assert.equal(doc.lineCount, 2);
});
