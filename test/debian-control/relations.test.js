'use strict';
// The positioned relation parser against the importer's on every
// relationship field of the fixture archive (same names, versions,
// architecture lists and formulas), its token ranges, and its errors.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { parseRelationsAt } = require('../../server/out/core/debian-control');
const { iterateDeb822, parseRelations } = require('../../server/out/import/debian');

const ARCHIVE = path.join(__dirname, '..', 'fixtures', 'debian');

test('every relationship field of the fixture archive reads as the importer reads it', () => {
  const fields = new Set(['build-depends', 'build-depends-arch', 'build-depends-indep', 'build-conflicts', 'depends', 'pre-depends', 'recommends', 'suggests', 'breaks', 'conflicts', 'provides']);
  let values = 0;
  for (const file of ['Sources', 'Packages']) {
    for (const p of iterateDeb822(fs.readFileSync(path.join(ARCHIVE, file), 'utf8'), { fields })) {
      for (const value of Object.values(p)) {
        values++;
        const mine = parseRelationsAt(value, 0);
        const theirs = parseRelations(value);
        assert.deepEqual(mine.problems.filter((x) => x.severity === 'error'), [], value);
        assert.equal(mine.entries.length, theirs.length, value);
        mine.entries.forEach((e, i) => {
          assert.equal(e.alternatives.length, theirs[i].length, value);
          e.alternatives.forEach((a, j) => {
            const t = theirs[i][j];
            assert.equal(a.name, t.name);
            assert.equal(a.version?.op, t.version?.op);
            assert.equal(a.version?.version, t.version?.version);
            assert.deepEqual((a.arches?.terms ?? []).map((x) => [x.negated, x.arch]), (t.arches ?? []).map((x) => [x.negated, x.arch]));
            assert.deepEqual(a.restrictions.map((l) => l.terms.map((x) => [x.negated, x.name])), (t.profiles ?? []).map((l) => l.map((x) => [x.negated, x.name])));
            assert.equal(value.slice(a.nameRange.start, a.nameRange.end), a.name);
          });
        });
      }
    }
  }
  assert.ok(values > 1000, `${values} values compared`);
});

test('every token has its range, offset by where the value starts', () => {
  const value = ' foo:any (>= 1.0) [linux-any !hurd-i386] <!stage1 !nocheck> <cross>, bar | ${misc:Depends}';
  const base = 100;
  const { entries, problems } = parseRelationsAt(value, base);
  const at = (r) => value.slice(r.start - base, r.end - base);
  const foo = entries[0].alternatives[0];
  assert.equal(at(foo.range), 'foo:any (>= 1.0) [linux-any !hurd-i386] <!stage1 !nocheck> <cross>');
  assert.equal(at(foo.qualifier.range), 'any');
  assert.equal(at(foo.version.opRange), '>=');
  assert.equal(at(foo.version.versionRange), '1.0');
  assert.deepEqual(foo.arches.terms.map((t) => at(t.range)), ['linux-any', '!hurd-i386']);
  assert.deepEqual(foo.restrictions.map((l) => at(l.range)), ['<!stage1 !nocheck>', '<cross>']);
  assert.equal(entries[1].alternatives[1].substvar, true);
  assert.deepEqual(problems, [], 'mixing is a check, not a syntax error');
});

test('syntax errors: what, where, and a fix where one is obvious', () => {
  const cases = [
    ['foo (>= 1', 'relation-syntax', '(>= 1', "'(' is not closed by ')'"],
    ['foo (1.0)', 'relation-version', '(1.0)', 'needs an operator'],
    ['foo (> 1.0)', 'relation-version', '>', 'obsolete'],
    ['foo (>= a b)', 'relation-version', 'a b', 'not one version'],
    ['foo (>= 1.0_x)', 'relation-version', '1.0_x', 'not a valid version'],
    ['Foo', 'relation-package-name', 'Foo', 'lower case'],
    ['f', 'relation-package-name', 'f', 'at least two characters'],
    ['foo | | bar', 'relation-syntax', '| |', 'empty'],
    ['foo [amd64] (>= 1)', 'relation-syntax', '(>= 1)', 'must come before'],
    ['foo <>', 'relation-syntax', '<>', 'must not be empty'],
    ['foo bar', 'relation-syntax', 'bar', 'Unexpected'],
  ];
  for (const [value, code, text, message] of cases) {
    const { problems } = parseRelationsAt(value, 0);
    const p = problems.find((x) => x.code === code);
    assert.ok(p, `${value}: ${code} expected, got ${JSON.stringify(problems)}`);
    assert.equal(value.slice(p.range.start, p.range.end), text, value);
    assert.ok(p.message.includes(message), `${value}: ${p.message}`);
  }
  const gt = parseRelationsAt('foo (> 1.0)', 0).problems[0];
  assert.deepEqual(gt.fix && [gt.fix.newText, gt.fix.range], ['>=', { start: 5, end: 6 }]);
  assert.deepEqual(parseRelationsAt('a-b, c.d (<< 2:1.0-1~bpo1), e+f (= ${binary:Version}),', 0).problems, []);
});
