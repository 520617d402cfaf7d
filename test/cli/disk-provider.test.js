'use strict';
// The disk provider answers for one analysis: each file's real path is looked
// up once, however often the analysis asks (a group of hundreds of included
// files asks about each several times), and the next provider sees the disk
// as it is then, symbolic links included.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { diskProvider, DiskTextCache } = require('../../server/out/cli/disk-provider.js');

const uriOf = (p) => pathToFileURL(p).href;

test('one provider looks a file\'s real path up once and gives the same text each time', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'strap-disk-')));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'ws'));
  const file = path.join(dir, 'ws', 'a.bootstrap.yaml');
  fs.writeFileSync(file, 'version: 1\n');
  const native = fs.realpathSync.native;
  const lookedUp = [];
  fs.realpathSync.native = (p, ...rest) => (lookedUp.push(p), native(p, ...rest));
  try {
    const provider = diskProvider([uriOf(path.join(dir, 'ws'))], new DiskTextCache());
    const uri = uriOf(file);
    const first = provider.read(uri);
    assert.equal(first, 'version: 1\n');
    for (let i = 0; i < 5; i++) {
      assert.equal(provider.read(uri), first);
      assert.equal(provider.exists(uri), true);
      assert.equal(provider.realUri(uri), uri);
    }
    assert.equal(provider.read(uriOf(path.join(dir, 'ws', 'missing.bootstrap.yaml'))), undefined);
    assert.equal(provider.exists(uriOf(path.join(dir, 'ws', 'missing.bootstrap.yaml'))), false);
    assert.deepEqual(lookedUp, [file, path.join(dir, 'ws', 'missing.bootstrap.yaml')]);
  } finally {
    fs.realpathSync.native = native;
  }
});

test('the next provider sees a file replaced by a link leading outside the root, and does not read it', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'strap-disk-')));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'ws'));
  fs.mkdirSync(path.join(dir, 'outside'));
  const file = path.join(dir, 'ws', 'a.bootstrap.yaml');
  fs.writeFileSync(file, 'version: 1\n');
  fs.writeFileSync(path.join(dir, 'outside', 'secret.bootstrap.yaml'), 'version: 1\npackages: { secret: {} }\n');
  const roots = [uriOf(path.join(dir, 'ws'))];
  const texts = new DiskTextCache();
  const before = diskProvider(roots, texts);
  assert.equal(before.read(uriOf(file)), 'version: 1\n');

  fs.rmSync(file);
  fs.symlinkSync(path.join(dir, 'outside', 'secret.bootstrap.yaml'), file);
  // The provider of the analysis that already ran keeps its answers ...
  assert.equal(before.read(uriOf(file)), 'version: 1\n');
  // ... the next one reads the disk again: the link leads outside, nothing is read.
  const next = diskProvider(roots, texts);
  assert.equal(next.read(uriOf(file)), undefined);
  assert.equal(next.exists(uriOf(file)), false);
  assert.equal(next.realUri(uriOf(file)), uriOf(path.join(dir, 'outside', 'secret.bootstrap.yaml')));
});
