'use strict';
// A file outside every workspace folder (an editor's open file there) is
// analysed alone: it follows no include, and nothing inside the workspace
// reaches it, by an include or a symbolic link (issue 18, point 8).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { analyze } = require('../../server/out/core/analysis.js');

const WS = 'file:///ws';
const OUTSIDE = 'file:///elsewhere/x.bootstrap.yaml';

/** Files in memory; `links` maps a URI to the file it is a symbolic link to. */
function provider(files, links = {}) {
  const real = (uri) => links[uri] ?? (uri in files ? uri : undefined);
  return { read: (uri) => files[real(uri)], exists: (uri) => real(uri) !== undefined, realUri: real };
}

const files = {
  [`${WS}/bootstrap.yaml`]: 'version: 1\ninclude: [../elsewhere/x.bootstrap.yaml]\npackages:\n  gcc: { build-depends: [outside-pkg] }\n',
  [`${WS}/lib.bootstrap.yaml`]: 'version: 1\npackages:\n  inside-pkg: {}\n',
  [OUTSIDE]: 'version: 1\ninclude: [../ws/lib.bootstrap.yaml]\npackages:\n  outside-pkg: { build-depends: [inside-pkg] }\n',
};
const links = { [`${WS}/link.bootstrap.yaml`]: OUTSIDE };

function run() {
  const uris = [`${WS}/bootstrap.yaml`, `${WS}/lib.bootstrap.yaml`, `${WS}/link.bootstrap.yaml`, OUTSIDE];
  return analyze(uris, provider(files, links), { roots: [WS, OUTSIDE], alone: [OUTSIDE] });
}

const codes = (analysis, uri) => (analysis.diagnostics.get(uri) ?? []).map((d) => `${d.code}: ${d.message}`);

test('an include from the workspace does not reach a file analysed alone', () => {
  const analysis = run();
  const inside = codes(analysis, `${WS}/bootstrap.yaml`);
  assert.ok(inside.some((c) => c.startsWith('include-outside-root')), inside.join('\n'));
  assert.ok(inside.some((c) => /unknown-package.*outside-pkg/.test(c)), inside.join('\n'));
  const ws = analysis.workspaceOf(`${WS}/bootstrap.yaml`);
  assert.deepEqual(ws.workspace.files.map((f) => f.uri).filter((u) => u === OUTSIDE), []);
});

test('a symbolic link inside the workspace to a file analysed alone is not followed', () => {
  const analysis = run();
  assert.equal(analysis.documents.has(`${WS}/link.bootstrap.yaml`), false);
  for (const w of analysis.workspaces) {
    if (w.workspace.entry === OUTSIDE) continue;
    assert.deepEqual(w.workspace.files.filter((f) => f.uri !== OUTSIDE && f.doc.text === files[OUTSIDE]).map((f) => f.uri), []);
  }
});

test('a file analysed alone follows none of its includes', () => {
  const analysis = run();
  const alone = analysis.workspaceOf(OUTSIDE);
  assert.deepEqual(alone.workspace.files.map((f) => f.uri), [OUTSIDE]);
  const shown = codes(analysis, OUTSIDE);
  assert.ok(shown.some((c) => c.startsWith('include-outside-root')), shown.join('\n'));
  assert.ok(shown.some((c) => /unknown-package.*inside-pkg/.test(c)), shown.join('\n'));
});
