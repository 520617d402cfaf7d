'use strict';
// An open bootstrap file outside every workspace folder is analysed alone:
// an include or a symbolic link inside the workspace does not reach it (nor
// read it from disk instead of the buffer), and it reaches nothing inside
// the workspace (issue 18, point 8).
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { LspClient, makeWorkspace } = require('./client');

test('an open file outside the workspace folder is analysed alone', async () => {
  const base = makeWorkspace({
    'ws/bootstrap.yaml': 'version: 1\ninclude: [../outside/x.bootstrap.yaml]\npackages:\n  gcc: { build-depends: [from-buffer] }\n',
    'ws/lib.bootstrap.yaml': 'version: 1\npackages:\n  inside: {}\n',
    'outside/x.bootstrap.yaml': 'version: 1\npackages:\n  from-disk: {}\n',
  });
  after(() => base.remove());
  fs.symlinkSync(path.join(base.dir, 'outside/x.bootstrap.yaml'), path.join(base.dir, 'ws/link.bootstrap.yaml'));
  const client = new LspClient();
  after(() => client.kill());
  await client.initialize({ rootDir: path.join(base.dir, 'ws') });
  const outside = base.uriOf('outside/x.bootstrap.yaml');
  client.open(outside, 'version: 1\ninclude: [../ws/lib.bootstrap.yaml]\npackages:\n  from-buffer: { build-depends: [inside] }\n');

  const own = await client.waitForDiagnostics(outside, (p) => p.diagnostics.some((d) => d.code === 'unknown-package'), 20_000);
  const ownCodes = own.diagnostics.map((d) => `${d.code}: ${d.message}`);
  assert.ok(ownCodes.some((c) => c.startsWith('include-outside-root')), ownCodes.join('\n'));
  assert.ok(ownCodes.some((c) => /unknown-package.*inside/.test(c)), ownCodes.join('\n'));

  const main = await client.waitForDiagnostics(base.uriOf('ws/bootstrap.yaml'), (p) => p.diagnostics.some((d) => d.code === 'include-outside-root'), 20_000);
  assert.ok(main.diagnostics.some((d) => d.code === 'unknown-package' && /from-buffer/.test(d.message)), 'the buffer is not read through the include');
  // The link is not followed: nothing is published for it (the file on disk would declare from-disk).
  await client.request('textDocument/hover', { textDocument: { uri: outside }, position: { line: 0, character: 0 } });
  const linked = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === base.uriOf('ws/link.bootstrap.yaml'));
  assert.ok(linked.every((n) => n.params.diagnostics.length === 0), JSON.stringify(linked.map((n) => n.params.diagnostics)));
  await client.shutdown();
});
