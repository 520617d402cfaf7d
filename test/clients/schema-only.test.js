'use strict';
// The schema-only setup (client-samples/schema-only): yaml-language-server,
// given schema/bootstrap.schema.json through the file's modeline or through
// the `yaml.schemas` setting (both as the README shows), reports the schema
// errors of a file at the places strap reports its `schema` diagnostics: one
// for one, ranges overlapping, and nothing else (no complaint about the
// build-depends-bootstrapN keys the schema allows by pattern).

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { ROOT, tempDir, run, describeRun, serverBuilt } = require('./helpers');
const { StdioLspClient } = require('./lsp-stdio');

const YLS = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const SCHEMA = path.join(ROOT, 'schema', 'bootstrap.schema.json');
const FIXTURE = path.join(__dirname, 'fixtures', 'schema-errors.bootstrap.yaml');
const PATTERNS = ['bootstrap.yaml', 'bootstrap.yml', '*.bootstrap.yaml', '*.bootstrap.yml'];

/** strap's `schema` diagnostics of a file, from `strap check --format json`. */
async function strapSchemaDiagnostics(file) {
  const r = await run(process.execPath, [path.join(ROOT, 'bin', 'strap.js'), 'check', '--format', 'json', file], { timeoutMs: 60_000 });
  assert.ok(r.code === 0 || r.code === 1, describeRun(r));
  const report = JSON.parse(r.stdout);
  return report.files.flatMap((f) => f.diagnostics).filter((d) => d.code === 'schema');
}

/** yaml-language-server's diagnostics of `text` opened as `uri`, with `yaml` settings. */
async function ylsDiagnostics(uri, text, yamlSettings, rootDir) {
  const settings = { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, ...yamlSettings } };
  const dead = 'http://127.0.0.1:9'; // nothing may be fetched: the schema is local
  const client = new StdioLspClient(process.execPath, [YLS, '--stdio'], {
    cwd: rootDir,
    env: { ...process.env, http_proxy: dead, https_proxy: dead, HTTP_PROXY: dead, HTTPS_PROXY: dead, no_proxy: '', NO_PROXY: '' },
    answer: (m) => (m.method === 'workspace/configuration' ? m.params.items.map((i) => (i.section ? settings[i.section] ?? null : settings)) : null),
  });
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).href,
      workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
    }, 30_000);
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings });
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return await client.waitForDiagnostics(uri, (d) => d.length > 0, 30_000);
  } finally {
    await client.close();
  }
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.character < b.character);
const overlaps = (a, b) => !before(a.end, b.start) && !before(b.end, a.start);
const show = (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

function assertSamePlaces(yls, strap) {
  assert.ok(strap.length >= 4, `the fixture should give several schema errors, strap gave ${strap.length}`);
  const message = `\nyaml-language-server:\n  ${yls.map(show).join('\n  ')}\nstrap:\n  ${strap.map(show).join('\n  ')}`;
  for (const s of strap) assert.ok(yls.some((y) => overlaps(y.range, s.range)), `yaml-language-server reports nothing at strap's ${show(s)}${message}`);
  for (const y of yls) assert.ok(strap.some((s) => overlaps(s.range, y.range)), `strap reports nothing at yaml-language-server's ${show(y)}${message}`);
  assert.equal(yls.length, strap.length, message);
  for (const y of yls) assert.match(y.source, /^yaml-schema/);
}

describe('schema only: yaml-language-server with schema/bootstrap.schema.json', { timeout: 120_000 }, () => {
  const ws = tempDir('strap-schema-only-');
  after(() => ws.remove());

  it('through the modeline: the same errors, at the same places, as strap', async (t) => {
    if (!fs.existsSync(YLS)) return t.skip('yaml-language-server is not installed (npm install)');
    assert.ok(serverBuilt(), 'server/out is missing: run `npm run build` first');
    const text = fs.readFileSync(FIXTURE, 'utf8');
    assert.match(text.split('\n')[0], /^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/schema\/bootstrap\.schema\.json$/);
    const yls = await ylsDiagnostics(pathToFileURL(FIXTURE).href, text, {}, ROOT);
    assertSamePlaces(yls, await strapSchemaDiagnostics(FIXTURE));
  });

  it('through yaml.schemas: the same errors, at the same places, as strap', async (t) => {
    if (!fs.existsSync(YLS)) return t.skip('yaml-language-server is not installed (npm install)');
    // The same file without the modeline, in a folder of its own.
    const text = fs.readFileSync(FIXTURE, 'utf8').split('\n').slice(1).join('\n');
    const file = path.join(ws.dir, 'errors.bootstrap.yaml');
    fs.writeFileSync(file, text);
    const yls = await ylsDiagnostics(pathToFileURL(file).href, text, { schemas: { [pathToFileURL(SCHEMA).href]: PATTERNS } }, ws.dir);
    assertSamePlaces(yls, await strapSchemaDiagnostics(file));
  });

  it('and without the schema, yaml-language-server finds nothing (the errors come from the schema)', async (t) => {
    if (!fs.existsSync(YLS)) return t.skip('yaml-language-server is not installed (npm install)');
    const text = fs.readFileSync(FIXTURE, 'utf8').split('\n').slice(1).join('\n') + 'broken: [\n';
    const file = path.join(ws.dir, 'plain.bootstrap.yaml');
    // A syntax error, so that diagnostics are published at all; no schema errors among them.
    const yls = await ylsDiagnostics(pathToFileURL(file).href, text, {}, ws.dir);
    assert.ok(yls.length > 0);
    assert.ok(!yls.some((d) => /^yaml-schema/.test(d.source ?? '')), JSON.stringify(yls));
  });
});
