'use strict';
// Incremental re-parsing must give exactly what a full parse gives.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');
const { reparseDocument } = require('../../server/out/core/document/incremental.js');

function snapshot(doc) {
  const nodes = [];
  const stack = doc.root ? [doc.root] : [];
  while (stack.length) {
    const n = stack.pop();
    nodes.push([n.pointer, n.kind, n.range.start, n.range.end, n.keyRange?.start, n.keyRange?.end, n.flow, n.parent?.pointer ?? null, n.children.length]);
    assert.equal(doc.node(n.pointer), n, `pointer map holds ${n.pointer}`);
    for (const c of n.children) {
      assert.equal(c.parent, n, `parent of ${c.pointer}`);
      stack.push(c);
    }
  }
  const lines = [];
  for (let i = 0; i < doc.lineIndex.lineCount; i++) lines.push(doc.lineIndex.lineStart(i));
  return { lines, value: doc.value, problems: doc.problems.map((p) => [p.code, p.range.start, p.range.end]), nodes: nodes.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
}

const BASE = fs.readFileSync(path.join(__dirname, '../../examples/distro.bootstrap.yaml'), 'utf8');
const ENV = fs.readFileSync(path.join(__dirname, '../../examples/env/bootstrap.yaml'), 'utf8');

function check(before, after) {
  const prev = parseDocument('file:///a.yaml', before);
  const inc = reparseDocument(prev, after);
  const full = parseDocument('file:///a.yaml', after);
  assert.deepEqual(snapshot(inc), snapshot(full));
  assert.equal(inc.text, after);
  return inc;
}

test('typing inside one package re-parses equal to a full parse', () => {
  const after = BASE.replace('build-depends: [m4]', 'build-depends: [m4, tzdata]');
  check(BASE, after);
  check(BASE, BASE.replace('  perl:\n', '  perlx:\n'));
  check(BASE, BASE.replace('description: The GNU compiler collection', 'description: The GNU compiler collection 😀'));
  check(ENV, ENV.replace('imports: [pyyaml]', 'imports: [pyyaml, jsonschema]'));
});

test('editing the text of a comment keeps every node and matches a full parse', () => {
  const doc = [
    '# header comment',
    'version: 1',
    'packages:',
    '  gcc:',
    '    build-depends: [glibc] # why glibc',
    '    description: "not # a comment"',
    '    notes: |',
    '      # content of a block scalar',
    '      more',
    '  # between members',
    '  glibc: {}',
    '',
  ].join('\n');
  const edited = (from, to) => {
    const inc = check(doc, doc.replace(from, to));
    return inc;
  };
  // Comments: the change is a comment edit (no member swapped).
  assert.equal(edited('# header comment', '# header comment, longer').change?.kind, 'trivia');
  assert.equal(edited('# why glibc', '# why not glibc').change?.kind, 'trivia');
  assert.equal(edited('# between members', '# between the members').change?.kind, 'trivia');
  // Not comments: inside a quoted string and inside a block scalar.
  assert.notEqual(edited('not # a comment', 'not # the comment').change?.kind, 'trivia');
  assert.notEqual(edited('# content of a block', '# contents of a block').change?.kind, 'trivia');
  // A line break typed into a comment is not a comment edit.
  assert.notEqual(edited('# why glibc', '# why\nglibc').change?.kind, 'trivia');
  check(doc.replace(/\n/g, '\r\n'), doc.replace(/\n/g, '\r\n').replace('# header', '# the header'));
});

test('edits that change the structure fall back and still match a full parse', () => {
  check(BASE, BASE.replace('  m4: {}\n', '  m4: {}\n  new: {}\n'));
  check(BASE, BASE.replace('  m4: {}\n', 'm4: {}\n'));
  check(BASE, BASE.replace('build-depends: [m4]', 'build-depends: [m4'));
  check(BASE, BASE.replace('  bison: {}\n', ''));
  check(BASE, BASE.replace('  tzdata: {}', '  gcc: {}'));
  check(BASE, BASE.replace('  m4: {}', '  m4: &x {}'));
});

const EDIT_TEXT = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '  ', '- ', ':', '[', ']', '{', '}', ',', '#', '"', '&a', '*a', '\t', 'é', '😀', 'gcc', 'build-depends: ', '\r\n') , maxLength: 8 });

test('random small edits always match a full parse', () => {
  fc.assert(fc.property(fc.constantFrom(BASE, ENV, BASE.replace(/\n/g, '\r\n')), fc.nat(), fc.nat(6), EDIT_TEXT, (text, at, length, insert) => {
    const start = at % (text.length + 1);
    check(text, text.slice(0, start) + insert + text.slice(start + length));
  }), { numRuns: 500 });
});

test('characters replaced by as many others, line breaks among them, match a full parse', () => {
  // The same length: the line index keeps its starts only when no line break came or went.
  const sameLength = fc.array(fc.constantFrom('a', '_', ' ', '\n', '\r', '#', ':'), { minLength: 1, maxLength: 3 }).map((cs) => cs.join(''));
  fc.assert(fc.property(fc.constantFrom(BASE, BASE.replace(/\n/g, '\r\n')), fc.nat(), sameLength, (text, at, replacement) => {
    const start = at % (text.length - replacement.length);
    check(text, text.slice(0, start) + replacement + text.slice(start + replacement.length));
  }), { numRuns: 400 });
});

test('a chain of edits keeps matching (each parse re-uses the previous one)', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(3), EDIT_TEXT), { minLength: 2, maxLength: 8 }), (edits) => {
    let text = BASE;
    let doc = parseDocument('file:///a.yaml', text);
    for (const [at, length, insert] of edits) {
      const start = at % (text.length + 1);
      text = text.slice(0, start) + insert + text.slice(start + length);
      doc = reparseDocument(doc, text);
      assert.deepEqual(snapshot(doc), snapshot(parseDocument('file:///a.yaml', text)));
    }
  }), { numRuns: 200 });
});

test('a renamed member is found by its new pointer, not its old one, in a big section', () => {
  // More than 16 members: lookups go through the section's key index, built here before the edit.
  const names = Array.from({ length: 30 }, (_, i) => `pkg-${String(i).padStart(2, '0')}`);
  const before = 'version: 1\npackages:\n' + names.map((n) => `  ${n}:\n    build-depends: [a/b, "c~d"]\n`).join('');
  const prev = parseDocument('file:///a.yaml', before);
  assert.equal(prev.node('/packages/pkg-07').key, 'pkg-07');
  const after = before.replace('  pkg-07:\n', '  pkg-7x:\n');
  const inc = reparseDocument(prev, after);
  assert.equal(inc.change?.kind, 'member', 'the edit took the incremental path');
  const renamed = inc.node('/packages/pkg-7x');
  assert.equal(renamed?.key, 'pkg-7x');
  assert.equal(renamed.parent, inc.node('/packages'));
  assert.equal(inc.node('/packages/pkg-07'), undefined);
  assert.equal(inc.node('/packages/pkg-08/build-depends/1').value, 'c~d');
  assert.equal(inc.node('/packages/pkg-7x/build-depends/0').pointer, '/packages/pkg-7x/build-depends/0');
  assert.deepEqual(snapshot(inc), snapshot(parseDocument('file:///a.yaml', after)));
});

test('pointers escape ~ and / in keys and resolve back to their node', () => {
  const doc = parseDocument('file:///a.yaml', 'envs:\n  "a/b~c":\n    run: [x]\nlist: [1, [2, 3]]\n');
  const node = doc.node('/envs/a~1b~0c/run/0');
  assert.equal(node?.value, 'x');
  assert.equal(node.pointer, '/envs/a~1b~0c/run/0');
  assert.equal(doc.node('/list/1/0').value, 2);
  assert.equal(doc.node('/list/01'), undefined, 'no leading zeros in an index');
  assert.equal(doc.node('envs'), undefined, 'a pointer starts with /');
  assert.equal(doc.node('').pointer, '');
});
