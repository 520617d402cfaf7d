'use strict';
// The VS Code sample (client-samples/vscode): its manifest contributes what
// the server offers (every diagnostic code's severity, the settings, the
// commands, the schema for the bootstrap file patterns); it compiles with tsc;
// its server-start logic picks the checkout's bin/strap.js, `strap` on PATH or
// the configured path; and @vscode/vsce packages it to a .vsix offline (the
// network is pointed at a dead proxy), holding the compiled code, the schema
// and the runtime dependencies, not the sources. Everything happens in a temp
// copy; nothing is written into client-samples/. Skips the compile and
// packaging only when the npm tools are not installed.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, tempDir, run, describeRun } = require('./helpers');
const { SAMPLE, layOut, missingTools, packageVsix, zipEntries, unzipTo } = require('./vscode-package');
const { StdioLspClient } = require('./lsp-stdio');

const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'package.json'), 'utf8'));
const BOOTSTRAP_PATTERNS = ['bootstrap.yaml', 'bootstrap.yml', 'bootstrap.json', 'bootstrap.jsonc', '*.bootstrap.yaml', '*.bootstrap.yml', '*.bootstrap.json', '*.bootstrap.jsonc'];

/** The diagnostic codes of the README's table. */
function documentedCodes() {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Diagnostic codes');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const codes = [];
  for (const line of section.split('\n')) {
    const m = /^\| ([^|]*`[^|]*) \|/.exec(line);
    if (m) for (const c of m[1].matchAll(/`([a-z0-9-]+)`/g)) codes.push(c[1]);
  }
  return codes;
}

describe('VS Code sample: manifest', () => {
  const props = manifest.contributes.configuration.properties;

  it('starts from compiled code, for the bootstrap files, on a VS Code the client library supports', () => {
    assert.equal(manifest.main, './out/extension.js');
    assert.ok(fs.existsSync(path.join(SAMPLE, 'src', 'extension.ts')));
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.ok(manifest.dependencies['vscode-languageclient']);
    assert.ok(manifest.activationEvents.some((e) => e.startsWith('workspaceContains:') && e.includes('bootstrap')));
    // @types/vscode must not be newer than the engine (vsce refuses that).
    const engine = manifest.engines.vscode.replace(/^\^/, '').split('.').map(Number);
    const types = manifest.devDependencies['@types/vscode'].replace(/^[~^]/, '').split('.').map(Number);
    assert.ok(types[0] < engine[0] || (types[0] === engine[0] && types[1] <= engine[1]), 'the @types/vscode version exceeds engines.vscode');
  });

  it('contributes every server setting, described', () => {
    for (const key of ['strap.severity', 'strap.files', 'strap.inlayHints.enable', 'strap.debounceMs', 'strap.projectRoot', 'strap.server.path']) {
      assert.ok(props[key], `${key} is not contributed`);
      assert.ok((props[key].markdownDescription ?? props[key].description ?? '').length > 20, `${key} has no description`);
    }
    assert.equal(props['strap.inlayHints.enable'].type, 'boolean');
    assert.equal(props['strap.inlayHints.enable'].default, true);
    assert.equal(props['strap.debounceMs'].default, 150);
    assert.equal(props['strap.files'].type, 'array');
    assert.equal(props['strap.files'].items.type, 'string');
  });

  it('offers a severity for each diagnostic code the README documents', () => {
    const codes = documentedCodes();
    assert.ok(codes.length > 30, `only ${codes.length} codes found in the README`);
    const severity = props['strap.severity'];
    for (const code of codes) {
      const p = severity.properties[code];
      assert.ok(p, `strap.severity has no entry for ${code}`);
      assert.deepEqual(p.enum, ['error', 'warning', 'information', 'hint', 'off']);
      assert.ok(p.markdownDescription.includes(code));
    }
    assert.deepEqual(severity.additionalProperties.enum, ['error', 'warning', 'information', 'hint', 'off'], 'codes added later are accepted too');
  });

  it('contributes the server commands and the schema for the bootstrap file patterns', () => {
    const commands = manifest.contributes.commands.map((c) => c.command);
    assert.ok(commands.includes('strap.showPlan'));
    assert.ok(commands.includes('strap.showGraph'));
    const json = manifest.contributes.jsonValidation;
    const yaml = manifest.contributes.yamlValidation;
    assert.deepEqual([...json[0].fileMatch, ...yaml[0].fileMatch].sort(), [...BOOTSTRAP_PATTERNS].sort());
    assert.equal(json[0].url, './schema/bootstrap.schema.json');
    assert.equal(yaml[0].url, './schema/bootstrap.schema.json');
    // The copy script takes the repository's schema.
    const script = fs.readFileSync(path.join(SAMPLE, 'scripts', 'copy-schema.js'), 'utf8');
    assert.match(script, /'\.\.', '\.\.', '\.\.', 'schema', 'bootstrap\.schema\.json'/);
    assert.ok(manifest.scripts['vscode:prepublish'].includes('compile'));
    assert.ok(manifest.scripts.compile.includes('copy-schema'));
  });

  it('has the F5 launch configuration its README promises: compile, then an extension host on the examples', () => {
    const { parse } = require('jsonc-parser');
    const read = (name) => {
      const errors = [];
      const value = parse(fs.readFileSync(path.join(SAMPLE, '.vscode', name), 'utf8'), errors);
      assert.deepEqual(errors, [], name);
      return value;
    };
    const launch = read('launch.json').configurations.find((c) => c.name === 'Run Extension');
    assert.ok(launch, 'a "Run Extension" configuration');
    assert.equal(launch.type, 'extensionHost');
    assert.ok(launch.args.includes('--extensionDevelopmentPath=${workspaceFolder}'));
    assert.ok(fs.existsSync(path.join(SAMPLE, launch.args.find((a) => !a.startsWith('--')).replace('${workspaceFolder}', '.'), 'broken.bootstrap.yaml')));
    const task = read('tasks.json').tasks.find((t) => t.label === launch.preLaunchTask);
    assert.ok(task, `the preLaunchTask ${launch.preLaunchTask} is defined`);
    assert.equal(task.type, 'npm');
    assert.ok(manifest.scripts[task.script].includes('tsc'), 'the task compiles');
    assert.match(fs.readFileSync(path.join(SAMPLE, 'README.md'), 'utf8'), /F5/);
  });

  it('keeps build output and packages out of git', () => {
    const ignore = fs.readFileSync(path.join(SAMPLE, '.gitignore'), 'utf8').split('\n');
    for (const entry of ['node_modules/', 'out/', '*.vsix', 'schema/', 'strap-server/']) assert.ok(ignore.includes(entry), `.gitignore lacks ${entry}`);
  });
});

describe('VS Code sample: compile and package', { timeout: 240_000 }, () => {
  const missing = missingTools();
  const skip = missing.length ? `npm packages missing from node_modules: ${missing.join(', ')} (run npm install)` : false;
  let ws;
  let ext;
  let config;
  let vsixFile;

  before(() => {
    if (skip) return;
    ws = tempDir('strap-vscode-');
    ext = layOut(ws.dir);
  });
  after(() => ws?.remove());

  it('compiles with tsc', { skip }, async () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await run(process.execPath, [tsc, '-p', path.join(ext, 'tsconfig.json')], { cwd: ext, timeoutMs: 120_000 });
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(fs.existsSync(path.join(ext, 'out', 'extension.js')));
    config = require(path.join(ext, 'out', 'config.js'));
  });

  it('starts the configured path, else the checkout\'s bin/strap.js, else the bundled server, else `strap` on PATH', { skip }, () => {
    assert.ok(config, 'compiled');
    const repoBin = path.join(ROOT, 'bin', 'strap.js');
    // From client-samples/vscode of this checkout (F5): Node runs bin/strap.js with `lsp` (languageclient adds --stdio).
    assert.deepEqual(config.serverCommand({}, SAMPLE), { kind: 'node', module: repoBin, runtime: undefined, args: ['lsp'] });
    // Installed from the .vsix: the server bundled in the extension, even with a bin/strap.js two folders up.
    const installed = '/home/u/.vscode/extensions/strap.strap-vscode-0.1.0';
    const present = new Set([`${installed}/strap-server/bin/strap.js`, '/home/u/.vscode/bin/strap.js']);
    assert.deepEqual(config.serverCommand({}, installed, { exists: (f) => present.has(f), which: () => '/usr/bin/strap' }),
      { kind: 'node', module: `${installed}/strap-server/bin/strap.js`, runtime: undefined, args: ['lsp'] });
    // A checkout's copy with a bundle (after `npm run package`) still runs the live checkout.
    assert.deepEqual(config.serverCommand({}, SAMPLE, { exists: () => true }).module, repoBin);
    // Neither: `strap` from PATH, with `lsp --stdio`.
    const elsewhere = config.serverCommand({}, '/nowhere/ext', { which: (n) => (n === 'strap' ? '/usr/local/bin/strap' : undefined) });
    assert.deepEqual(elsewhere, { kind: 'executable', command: '/usr/local/bin/strap', args: ['lsp', '--stdio'] });
    assert.deepEqual(config.serverCommand({}, '/nowhere/ext', { which: () => undefined }), { kind: 'executable', command: 'strap', args: ['lsp', '--stdio'] });
    // Configured: a .js runs under Node (optionally a given one), relative to the workspace folder.
    assert.deepEqual(config.serverCommand({ path: 'tools/strap/bin/strap.js', nodePath: '/opt/node/bin/node' }, SAMPLE, { workspaceFolder: '/ws' }),
      { kind: 'node', module: '/ws/tools/strap/bin/strap.js', runtime: '/opt/node/bin/node', args: ['lsp'] });
    assert.deepEqual(config.serverCommand({ path: '/opt/strap/strap' }, SAMPLE), { kind: 'executable', command: '/opt/strap/strap', args: ['lsp', '--stdio'] });
  });

  it('the command it builds for this checkout starts the server (as languageclient runs it)', { skip }, async () => {
    const command = config.serverCommand({}, SAMPLE);
    // languageclient's NodeModule with TransportKind.stdio: node <module> <args> --stdio --clientProcessId=<pid>
    const client = new StdioLspClient(process.execPath, [command.module, ...command.args, '--stdio', `--clientProcessId=${process.pid}`], { cwd: ws.dir });
    try {
      const result = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 30_000);
      assert.equal(result.serverInfo.name, 'strap');
      for (const c of ['strap.showPlan', 'strap.showGraph']) assert.ok(result.capabilities.executeCommandProvider.commands.includes(c), c);
    } finally {
      await client.close();
    }
  });

  it('selects the bootstrap files in YAML, JSON and JSONC, plus the strap.files globs', { skip }, () => {
    const selector = config.documentSelector(['ci/*.yaml']);
    assert.deepEqual(selector.filter((f) => f.language).map((f) => f.language).sort(), ['json', 'jsonc', 'yaml', 'yaml']);
    assert.ok(selector.some((f) => f.pattern === '**/ci/*.yaml' && f.scheme === 'file'));
    for (const name of ['bootstrap.yaml', 'x/distro.bootstrap.yml', '/a/bootstrap.jsonc', 'b.bootstrap.json']) assert.ok(config.isBootstrapFileName(name), name);
    for (const name of ['bootstrap.toml', 'notbootstrap.yaml', 'bootstrap.yaml.bak']) assert.ok(!config.isBootstrapFileName(name), name);
  });

  it('renders the graph view without fetching anything', { skip }, () => {
    const html = config.graphHtml('Build graph', 'graph TD\n  a["<b>"] --> b', 'NONCE');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-NONCE';"/);
    assert.ok(!/<script|https?:\/\//i.test(html), 'no script, no remote resource');
    assert.ok(html.includes('a[&quot;&lt;b&gt;&quot;] --&gt; b'), 'the Mermaid text is escaped');
  });

  it('packages to a .vsix with @vscode/vsce, offline', { skip }, async () => {
    const vsix = await packageVsix(ext, path.join(ws.dir, 'strap.vsix'));
    const entries = zipEntries(vsix);
    const names = entries.map((e) => e.name);
    const has = (name) => names.includes(name);
    for (const name of ['extension.vsixmanifest', 'extension/package.json', 'extension/out/extension.js', 'extension/out/config.js',
      'extension/schema/bootstrap.schema.json', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/node_modules/vscode-languageclient/package.json',
      'extension/node_modules/vscode-languageserver-protocol/package.json', 'extension/node_modules/vscode-jsonrpc/package.json',
      // the server, bundled
      'extension/strap-server/bin/strap.js', 'extension/strap-server/package.json', 'extension/strap-server/server/out/cli/main.js',
      'extension/strap-server/server/out/lsp/server.js', 'extension/strap-server/schema/bootstrap.schema.json',
      ...Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies).map((d) => `extension/strap-server/node_modules/${d}/package.json`)]) {
      assert.ok(has(name), `${name} not in the .vsix:\n${names.filter((n) => !n.includes('node_modules/')).join('\n')}`);
    }
    assert.ok(!names.some((n) => n.startsWith('extension/strap-server/node_modules/') && /node_modules\/(typescript|fast-check|puppeteer-core|@vscode\/vsce)\//.test(n)),
      'the server\'s dev dependencies are left out');
    assert.ok(!names.some((n) => n.endsWith('.ts') && !n.endsWith('.d.ts')), 'TypeScript sources are left out');
    assert.ok(!names.some((n) => n.startsWith('extension/.vscode/') || n.startsWith('extension/scripts/')), 'the F5 setup and the build scripts are left out');
    assert.ok(!names.some((n) => /node_modules\/(typescript|@types|@vscode\/vsce)\//.test(n)), 'dev dependencies are left out');
    const packed = (name) => entries.find((e) => e.name === name).text();
    assert.equal(packed('extension/schema/bootstrap.schema.json'), fs.readFileSync(path.join(ROOT, 'schema', 'bootstrap.schema.json'), 'utf8'));
    assert.deepEqual(JSON.parse(packed('extension/package.json')).contributes, manifest.contributes);
    assert.match(packed('extension.vsixmanifest'), /Id="strap-vscode"/);
    vsixFile = vsix;
  });

  it('the installed .vsix starts its bundled server, with no strap checkout or PATH entry around', { skip }, async () => {
    assert.ok(vsixFile, 'packaged');
    const installed = path.join(ws.dir, 'installed', 'strap.strap-vscode-0.1.0');
    unzipTo(vsixFile, 'extension/', installed);
    const command = config.serverCommand({}, installed, { which: () => undefined });
    assert.deepEqual(command, { kind: 'node', module: path.join(installed, 'strap-server', 'bin', 'strap.js'), runtime: undefined, args: ['lsp'] });
    const home = path.join(ws.dir, 'home');
    fs.mkdirSync(home);
    const client = new StdioLspClient(process.execPath, [command.module, ...command.args, '--stdio', `--clientProcessId=${process.pid}`], {
      cwd: home,
      env: { PATH: '/usr/bin:/bin', HOME: home },
    });
    try {
      const result = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 30_000);
      assert.equal(result.serverInfo.name, 'strap');
      assert.equal(result.serverInfo.version, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    } finally {
      await client.close();
    }
  });
});
