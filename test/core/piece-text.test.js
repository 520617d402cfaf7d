'use strict';
// PieceText (an open buffer's text as pieces) must read exactly as the string
// it stands for, after any sequence of edits, and report changes that cover
// every difference.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { PieceText, compose } = require('../../server/out/core/text/piece-text.js');

const UNIT = fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', '#', 'é', '😀', 'gcc: ', 'x'.repeat(300), 'y'.repeat(700));
const TEXT = fc.string({ unit: UNIT, maxLength: 40 });
const EDIT = fc.tuple(fc.nat(), fc.nat(40), fc.string({ unit: UNIT, maxLength: 4 }));

/** Applies [at, length, inserted] edits to both; returns every version of both. */
function applyBoth(initial, edits) {
  const versions = [[initial, PieceText.of(initial)]];
  for (const [at, length, inserted] of edits) {
    const [text, pieces] = versions[versions.length - 1];
    const start = at % (text.length + 1);
    const end = Math.min(text.length, start + length);
    versions.push([text.slice(0, start) + inserted + text.slice(end), pieces.edit(start, end, inserted)]);
  }
  return versions;
}

function readsAs(pieces, text) {
  assert.equal(pieces.length, text.length);
  for (let i = -1; i <= text.length; i++) {
    assert.ok(Object.is(pieces.charCodeAt(i), text.charCodeAt(i)), `charCodeAt(${i})`);
    assert.equal(pieces.charAt(i), text.charAt(i), `charAt(${i})`);
  }
  for (let a = 0; a <= text.length; a += 1 + (a % 7)) {
    for (let b = a; b <= text.length; b += 1 + (b % 5)) assert.equal(pieces.slice(a, b), text.slice(a, b), `slice(${a}, ${b})`);
  }
  assert.equal(pieces.slice(), text);
  // Offsets from the end, past it, reversed, not integers, not numbers: as a string reads them.
  const odd = [-1, -3, -text.length, -text.length - 2, text.length + 4, 1.7, -0.5, NaN, Infinity, -Infinity];
  for (const a of odd) {
    assert.equal(pieces.slice(a), text.slice(a), `slice(${a})`);
    for (const b of [...odd, 0, 2]) assert.equal(pieces.slice(a, b), text.slice(a, b), `slice(${a}, ${b})`);
  }
  for (const ch of ['\n', '\r', '#', 'a', 'z', '\r\n', 'ab', 'xy', 'yyy', ': ', '']) {
    for (let from = 0; from <= text.length + 1; from += 1 + (from % 3)) assert.equal(pieces.indexOf(ch, from), text.indexOf(ch, from), `indexOf(${JSON.stringify(ch)}, ${from})`);
    assert.equal(pieces.includes(ch), text.includes(ch));
  }
}

test('after any edits, a PieceText reads as the edited string, before and after it is joined', () => {
  fc.assert(fc.property(TEXT, fc.array(EDIT, { maxLength: 30 }), (initial, edits) => {
    const versions = applyBoth(initial, edits);
    for (const [text, pieces] of versions) readsAs(pieces, text);
    // Joined: the same string, and edits go on from it.
    const [text, pieces] = versions[versions.length - 1];
    assert.equal(pieces.toString(), text);
    readsAs(pieces, text);
    readsAs(pieces.edit(1, 3, 'zz'), text.slice(0, Math.min(1, text.length)) + 'zz' + text.slice(Math.min(3, text.length)));
  }), { numRuns: 300 });
});

test('reading parts of an edited text does not join it; asking for all of it does, once', () => {
  const big = 'package: x\n'.repeat(10000);
  const edited = PieceText.of(big).edit(50000, 50001, 'Q');
  assert.equal(edited.charCodeAt(50000), 'Q'.charCodeAt(0));
  assert.equal(edited.slice(49990, 50010), big.slice(49990, 50000) + 'Q' + big.slice(50001, 50010));
  assert.equal(edited.indexOf('Q'), 50000);
  assert.equal(edited.joined, false);
  const whole = edited.toString();
  assert.equal(edited.joined, true);
  assert.equal(edited.toString(), whole);
});

test('many scattered edits stay correct past the piece limit', () => {
  let text = 'line\n'.repeat(2000);
  let pieces = PieceText.of(text);
  for (let i = 0; i < 400; i++) {
    const at = (i * 7919) % text.length;
    text = text.slice(0, at) + String(i % 10) + text.slice(at + 1);
    pieces = pieces.edit(at, at + 1, String(i % 10));
  }
  readsAs(pieces, text);
});

test('changeSince covers every difference between an earlier version and this one', () => {
  fc.assert(fc.property(TEXT, fc.array(EDIT, { minLength: 1, maxLength: 12 }), fc.nat(), (initial, edits, pick) => {
    const versions = applyBoth(initial, edits);
    const from = pick % versions.length;
    const [before, earlier] = versions[from];
    const [after, now] = versions[versions.length - 1];
    const change = now.changeSince(earlier);
    assert.ok(change, 'a change within the history');
    assert.ok(change.start <= change.oldEnd && change.oldEnd <= before.length && change.start <= change.newEnd && change.newEnd <= after.length, JSON.stringify(change));
    assert.equal(after.slice(0, change.start), before.slice(0, change.start));
    assert.equal(after.slice(change.newEnd), before.slice(change.oldEnd));
    assert.equal(after.length - change.newEnd, before.length - change.oldEnd);
  }), { numRuns: 500 });
});

test('one edit is its own change; an unrelated text or one too far back has none', () => {
  const a = PieceText.of('hello world');
  const b = a.edit(6, 11, 'there');
  assert.deepEqual(b.changeSince(a), { start: 6, oldEnd: 11, newEnd: 11 });
  assert.deepEqual(a.changeSince(a), { start: 0, oldEnd: 0, newEnd: 0 });
  assert.equal(b.changeSince(PieceText.of('hello world')), undefined);
  assert.equal(a.changeSince(b), undefined, 'not a descendant');
  let t = a;
  for (let i = 0; i < 40; i++) t = t.edit(0, 0, 'x');
  assert.equal(t.changeSince(a), undefined, 'beyond the history kept');
  assert.ok(t.changeSince(a.edit(0, 0, '')) === undefined);
});

test('compose joins two changes into one that covers both', () => {
  // 'abcdef' -> 'abXYef' (c,d -> X,Y at 2..4) -> 'aZbXYef' (insert Z at 1)
  assert.deepEqual(compose({ start: 2, oldEnd: 4, newEnd: 4 }, { start: 1, oldEnd: 1, newEnd: 2 }), { start: 1, oldEnd: 4, newEnd: 5 });
  // then delete past the first change's end
  assert.deepEqual(compose({ start: 2, oldEnd: 4, newEnd: 4 }, { start: 3, oldEnd: 6, newEnd: 3 }), { start: 2, oldEnd: 6, newEnd: 3 });
});
