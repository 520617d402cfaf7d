'use strict';
// The positioned deb822 parser on real debian/control files (rebuilt from
// bookworm's indexes, see test/fixtures/debian-control/README.md), on
// CRLF/BOM/comments/non-ASCII, and on any text (fast-check): never throws,
// every range inside the text, field names found where they are written.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { parseDeb822Document, readControl } = require('../../server/out/core/debian-control');
const { parseDeb822 } = require('../../server/out/import/debian');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'debian-control');
const controls = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'debian', 'control')))
  .map((d) => ({ name: d, text: fs.readFileSync(path.join(FIXTURES, d, 'debian', 'control'), 'utf8') }));

test('real control files: the same stanzas and values as the importer reads, every name where it is written', () => {
  assert.ok(controls.length >= 8, 'fixtures present');
  for (const { name, text } of controls) {
    const doc = parseDeb822Document(text);
    const batch = parseDeb822(text);
    assert.equal(doc.stanzas.length, batch.length, name);
    assert.deepEqual(doc.problems, [], name);
    doc.stanzas.forEach((s, i) => {
      assert.deepEqual(s.fields.map((f) => f.name), Object.keys(batch[i]), `${name} stanza ${i}`);
      for (const f of s.fields) {
        assert.equal(text.slice(f.nameRange.start, f.nameRange.end), f.name);
        assert.equal(text[f.valueStart - 1], ':');
        if (!['description'].includes(f.lower)) assert.equal(f.rawValue.replace(/\s+/g, ' ').trim(), batch[i][f.name], `${name} ${f.name}`);
      }
    });
    const model = readControl(text);
    assert.equal(model.sourceName, name);
    assert.ok(model.binaries.length >= 1);
  }
});

test('continuation lines, comments inside a field, CRLF, a BOM, tabs and non-ASCII keep exact offsets', () => {
  const text = '\uFEFFSource: café\r\nBuild-Depends: a,\r\n# b,\r\n\tc <!nocheck>\r\n\r\n# comment\r\nPackage: é\r\n';
  const doc = parseDeb822Document(text);
  assert.equal(doc.stanzas.length, 2);
  const bd = doc.stanzas[0].fields[1];
  assert.equal(bd.name, 'Build-Depends');
  assert.equal(bd.continuationLines, 1, "the comment line is not a continuation line");
  assert.equal(bd.rawValue.length, bd.valueEnd - bd.valueStart);
  assert.ok(!bd.rawValue.includes('b,'), 'the comment line is blanked');
  assert.equal(text.slice(bd.valueStart + bd.rawValue.indexOf('c <!nocheck>'), bd.valueEnd), 'c <!nocheck>');
  assert.equal(doc.comments.length, 2);
  assert.equal(text.slice(doc.comments[0].start, doc.comments[0].end), '# b,');
  assert.equal(doc.stanzas[1].fields[0].name, 'Package');
  assert.deepEqual(doc.problems, []);
});

test('malformed lines are reported where they are, not skipped silently', () => {
  const text = ' orphan\nSource: x\nno colon here\n: empty\nSource: again\n';
  const doc = parseDeb822Document(text);
  const at = (p) => text.slice(p.range.start, p.range.end);
  assert.deepEqual(doc.problems.map((p) => [p.code, at(p)]), [
    ['deb822-syntax', ' orphan'],
    ['deb822-syntax', 'no colon here'],
    ['deb822-syntax', ': empty'],
    ['deb822-duplicate-field', 'Source'],
  ]);
});

test('any text: never throws, ranges ordered and inside the text (fast-check)', () => {
  const piece = fc.constantFrom('Source', 'Package', 'Build-Depends', ':', ' ', '\t', '\n', '\r\n', '\r', '#', 'a', 'é', '😀', '<', '>', '[', ']', '(', ')', ',', '|', '!', '\uFEFF', '${x}');
  fc.assert(fc.property(fc.oneof(fc.string(), fc.array(piece, { maxLength: 60 }).map((a) => a.join(''))), (text) => {
    const doc = parseDeb822Document(text);
    const model = readControl(text);
    const inside = (r) => r.start >= 0 && r.start <= r.end && r.end <= text.length;
    for (const s of doc.stanzas) {
      assert.ok(inside(s.range));
      for (const f of s.fields) {
        assert.ok(inside(f.range) && inside(f.nameRange));
        assert.equal(f.rawValue.length, f.valueEnd - f.valueStart);
      }
    }
    for (const p of doc.problems) assert.ok(inside(p.range));
    for (const r of model.relations) for (const e of r.parsed.entries) for (const a of e.alternatives) assert.ok(inside(a.range) && inside(a.nameRange));
  }), { numRuns: 400 });
  assert.deepEqual(parseDeb822Document(undefined).stanzas, []);
});
