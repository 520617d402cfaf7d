'use strict';
// Issue 17 points 6 and 10: docs/format.md covers every diagnostic code and is
// linked instead of the product spec; the launcher example is clean and listed.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, strap } = require('./helpers');
const { DIAGNOSTIC_CODES } = require('../../server/out/core/checks/codes');

const read = (p) => fs.readFileSync(path.join(ROOT, p), 'utf8');

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');

test('docs/format.md describes every diagnostic code, in a table row of its own section', () => {
  const doc = read('docs/format.md');
  const missing = DIAGNOSTIC_CODES.filter((c) => !new RegExp(`^\\|[^\\n]*\`${c.code}\`[^\\n]*\\| ${c.severity}`, 'm').test(doc)).map((c) => c.code);
  assert.deepEqual(missing, [], 'codes without a row giving their default severity');
  assert.match(doc, /^### Cycles\n\nThe full rules .*\n.*\n\[cycles.md\]\(cycles.md\)/m);
  for (const section of ['Files', 'Packages', 'Stages', 'Environments', 'The plan', 'Checks']) assert.match(doc, new RegExp(`^##+ ${section}$`, 'm'), section);
});

test('every code strap can emit is in the list of codes (and so in the docs)', () => {
  // The codes the checks pass to at()/unknownName() or as parse problems, read from the sources.
  const sources = ['core/checks', 'core/document', 'core/workspace', 'core/schema', 'core/graph'].flatMap((dir) =>
    fs.readdirSync(path.join(ROOT, 'server/src', dir)).filter((f) => f.endsWith('.ts')).map((f) => read(path.join('server/src', dir, f))));
  const emitted = new Set();
  for (const text of sources) {
    for (const m of text.matchAll(/at\([^,]+, '(?:error|warning|information|hint)', '([a-z0-9-]+)'/g)) emitted.add(m[1]);
    for (const m of text.matchAll(/code: '([a-z0-9-]+)'/g)) emitted.add(m[1]);
    for (const m of text.matchAll(/unknownName\([^)]*'(package|stage|env)'/g)) emitted.add(`unknown-${m[1]}`);
  }
  assert.ok(emitted.size >= 30, `found ${emitted.size} codes in the sources`);
  const known = new Set(DIAGNOSTIC_CODES.map((c) => c.code));
  assert.deepEqual([...emitted].filter((c) => !known.has(c)).sort(), []);
});

test('README and docs link docs/format.md instead of citing the product spec, and every link to it resolves', () => {
  const readme = read('README.md');
  assert.match(readme, /\[docs\/format\.md\]\(docs\/format\.md\)/);
  assert.doesNotMatch(readme, /SPEC/);
  const anchors = new Set(read('docs/format.md').split('\n').filter((l) => /^#{1,4} /.test(l)).map((l) => anchorOf(l.replace(/^#+ /, ''))));
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  for (const [name, text] of [['README.md', readme], ...docs.map((f) => [`docs/${f}`, read(`docs/${f}`)])]) {
    assert.doesNotMatch(text, /SPEC §/, name);
    for (const m of text.matchAll(/\((?:docs\/)?format\.md#([\w-]+)\)|\(#([\w-]+)\)/g)) {
      if (m[2] && name !== 'docs/format.md') continue;
      assert.ok(anchors.has(m[1] ?? m[2]), `${name}: no heading for #${m[1] ?? m[2]}`);
    }
  }
});

test('the embedded-interpreter launcher example: clean, two stages over a pipe, listed in the README', () => {
  const r = strap(['check', 'examples/launcher']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^0 errors, 0 warnings, 0 notes in 1 file$/m);
  const plan = JSON.parse(strap(['plan', 'examples/launcher', '--format', 'json']).out);
  const byName = Object.fromEntries(plan.stages.map((s) => [s.name, s]));
  assert.equal(byName.secondary.handoff, 'pipe');
  assert.equal(byName.secondary.breakOnStart, true);
  assert.ok(byName.secondary.debugPort > 0);
  assert.ok(byName.secondary.envVars.length > 0);
  assert.match(byName.secondary.run, /secondary\.py$/);
  assert.deepEqual(plan.envs, [{ name: 'embedded', manager: 'micromamba', python: '3.12' }]);
  assert.match(read('examples/launcher/bootstrap.yaml'), /channels: \[conda-forge\]/);
  assert.match(read('README.md'), /\| \[`examples\/launcher\/bootstrap\.yaml`\]\(examples\/launcher\/bootstrap\.yaml\) \| a two-stage embedded-interpreter launcher/);
});
