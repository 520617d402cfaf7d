'use strict';
// Restriction formulas: evaluation, words, and dropping an entry from a
// profile's builds. The merge is checked by evaluating the formula before
// and after under every profile set (fast-check): the new formula must be
// exactly (old formula) AND NOT profile, both as data and as the text the
// quick fix writes into debian/control.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { formulaHolds, withoutProfile, explainFormula, readControl } = require('../../server/out/core/debian-control');
const { dropEdits } = require('../../server/out/core/debian-control/archive-context');

const f = (text) => text.match(/<[^>]*>/g).map((l) => l.slice(1, -1).trim().split(/\s+/).map((t) => ({ negated: t.startsWith('!'), name: t.replace(/^!/, '') })));
const on = (...names) => new Set(names);

test('evaluation: lists are AND, several lists are OR', () => {
  assert.equal(formulaHolds([], on()), true);
  assert.equal(formulaHolds(f('<!stage1 !nocheck>'), on()), true);
  assert.equal(formulaHolds(f('<!stage1 !nocheck>'), on('nocheck')), false);
  assert.equal(formulaHolds(f('<!stage1> <cross>'), on('stage1')), false);
  assert.equal(formulaHolds(f('<!stage1> <cross>'), on('stage1', 'cross')), true);
  assert.equal(formulaHolds(f('<stage1 cross>'), on('stage1')), false);
});

test('in words', () => {
  assert.equal(explainFormula(f('<!stage1 !nocheck>')), 'Dropped when building with stage1 or nocheck; used otherwise.');
  assert.equal(explainFormula(f('<stage1> <cross>')), 'Used only when building with stage1 or cross.');
  assert.equal(explainFormula(f('<!stage1> <cross>')), 'Used when building without stage1, or with cross; dropped otherwise.');
  assert.equal(explainFormula([]), 'Always used.');
});

test('dropping from stage1: the examples of the issue', () => {
  const text = (formula) => formula.map((l) => `<${l.map((t) => (t.negated ? '!' : '') + t.name).join(' ')}>`).join(' ');
  assert.equal(text(withoutProfile(f('<!nocheck>'), 'stage1')), '<!nocheck !stage1>');
  assert.equal(text(withoutProfile(f('<a> <b>'), 'stage1')), '<a !stage1> <b !stage1>');
  assert.equal(text(withoutProfile([], 'stage1')), '<!stage1>');
  assert.equal(text(withoutProfile(f('<!stage1>'), 'stage1')), '<!stage1>');
  assert.equal(text(withoutProfile(f('<stage1> <cross>'), 'stage1')), '<cross !stage1>');
  assert.equal(withoutProfile(f('<stage1>'), 'stage1'), null);
});

const NAMES = ['stage1', 'stage2', 'nocheck', 'cross', 'nodoc'];
const term = fc.record({ negated: fc.boolean(), name: fc.constantFrom(...NAMES) });
const formula = fc.array(fc.array(term, { minLength: 1, maxLength: 3 }), { maxLength: 3 });
const active = fc.subarray(NAMES).map((a) => new Set(a));

test('merge property: new formula = old AND NOT profile, for every profile set (fast-check)', () => {
  fc.assert(fc.property(formula, fc.constantFrom(...NAMES), active, (old, profile, act) => {
    const merged = withoutProfile(old, profile);
    const after = merged === null ? false : formulaHolds(merged, act);
    assert.equal(after, formulaHolds(old, act) && !act.has(profile));
  }), { numRuns: 2000 });
});

test('merge property on the text: the quick fix edit, re-read from debian/control, means old AND NOT stage1 (fast-check)', () => {
  const write = (l) => `<${l.map((t) => (t.negated ? '!' : '') + t.name).join(' ')}>`;
  fc.assert(fc.property(fc.array(formula, { minLength: 1, maxLength: 3 }), active, (alts, act) => {
    const written = alts.map((fm, i) => `pk${i} (>= 1) [amd64]${fm.length ? ' ' : ''}${fm.map(write).join(' ')}`).join(' | ');
    const text = `Source: xx\nBuild-Depends: aa, ${written},\n zz\n\nPackage: xx\n`;
    const model = readControl(text);
    const entry = model.relations[0].parsed.entries[1];
    const edits = dropEdits(model, [entry], 'stage1').sort((a, b) => b.range.start - a.range.start);
    let next = text;
    for (const e of edits) next = next.slice(0, e.range.start) + e.newText + next.slice(e.range.end);
    const after = readControl(next).relations[0].parsed;
    assert.deepEqual(after.problems, [], next);
    const names = after.entries.map((e) => e.alternatives.map((a) => a.name));
    assert.deepEqual(names[0], ['aa'], next);
    assert.deepEqual(names[names.length - 1], ['zz'], next);
    // Each alternative: used after the edit exactly when it was used before and stage1 is off (a deleted one: never).
    alts.forEach((old, i) => {
      const alt = after.entries.flatMap((e) => e.alternatives).find((a) => a.name === `pk${i}`);
      const holds = alt ? formulaHolds(alt.restrictions.map((l) => l.terms.map((t) => ({ negated: t.negated, name: t.name }))), act) : false;
      assert.equal(holds, formulaHolds(old, act) && !act.has('stage1'), `${written} -> ${next}`);
    });
  }), { numRuns: 500 });
});
