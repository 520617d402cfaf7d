'use strict';
// The Helix, Sublime Text, Zed and Kakoune samples, without the editors:
// each file parses (TOML, or JSON with comments), uses only the keys its
// editor documents, starts `strap lsp --stdio`, targets the YAML/JSON
// languages, and carries `strap` settings the server reads. Then, for each,
// the server is started with the configured arguments and given the settings
// the way that editor passes them (initializationOptions, answers to
// workspace/configuration, dotted keys expanded); a severity added to the
// sample's settings must show in the diagnostics of the broken example.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const jsonc = require('jsonc-parser');
const { ROOT, SAMPLES, EXAMPLES, tempDir, serverBuilt } = require('./helpers');
const { parseToml } = require('./toml');
const { StdioLspClient } = require('./lsp-stdio');

const STRAP = path.join(ROOT, 'bin', 'strap.js');
const SERVER_KEYS = ['severity', 'files', 'inlayHints', 'debounceMs', 'projectRoot'];
const LEVELS = ['error', 'warning', 'information', 'hint', 'off'];

const read = (...p) => fs.readFileSync(path.join(SAMPLES, ...p), 'utf8');

function parseJsonc(text, file) {
  const errors = [];
  const value = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  assert.deepEqual(errors.map((e) => `${jsonc.printParseErrorCode(e.error)} at ${e.offset}`), [], `${file} does not parse`);
  return value;
}

function assertOnlyKeys(object, allowed, where) {
  const extra = Object.keys(object).filter((k) => !allowed.includes(k));
  assert.deepEqual(extra, [], `${where}: keys not in the editor's documented format: ${extra.join(', ')}`);
}

/** The `strap` section must hold only server settings, with valid values. */
function assertStrapSection(section, where) {
  assert.ok(section && typeof section === 'object', `${where}: no strap section`);
  assertOnlyKeys(section, SERVER_KEYS, where);
  for (const [code, level] of Object.entries(section.severity ?? {})) {
    assert.match(code, /^[a-z][a-z0-9-]*$/, `${where}: severity code ${code}`);
    assert.ok(LEVELS.includes(level), `${where}: severity level ${level}`);
  }
  if ('inlayHints' in section) assert.equal(typeof section.inlayHints.enable, 'boolean');
  if ('debounceMs' in section) assert.equal(typeof section.debounceMs, 'number');
  if ('files' in section) assert.ok(Array.isArray(section.files));
}

/** The server reads the section as written: same severities, hints and debounce. */
function assertServerReads(section) {
  const { parseSettings } = require(path.join(ROOT, 'server', 'out', 'lsp', 'settings.js'));
  const parsed = parseSettings({ strap: section });
  assert.deepEqual(parsed.severity, section.severity ?? {});
  if (section.inlayHints) assert.equal(parsed.inlayHints.enable, section.inlayHints.enable);
  if (section.debounceMs !== undefined) assert.equal(parsed.debounceMs, section.debounceMs);
}

/** Sublime's LSP expands dotted setting keys into nested objects. */
function expandDotted(flat) {
  const out = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let t = out;
    for (const p of parts.slice(0, -1)) t = t[p] ??= {};
    t[parts[parts.length - 1]] = value;
  }
  return out;
}

/**
 * Starts the server with `args` (the sample's command `strap` standing for
 * this checkout's bin/strap.js), passes `initializationOptions`, answers
 * workspace/configuration from `settings` (the whole settings object, looked
 * up by section), opens the broken example and returns its build-cycle
 * diagnostics once they are the four of the example's two cycles, all with
 * the severity the settings ask for (settings may arrive after a first
 * analysis; what the editor ends up showing is what counts).
 */
async function runServer({ args, initializationOptions, settings }) {
  const ws = tempDir('strap-config-');
  const file = path.join(ws.dir, 'broken.bootstrap.yaml');
  fs.copyFileSync(path.join(EXAMPLES, 'broken.bootstrap.yaml'), file);
  const uri = pathToFileURL(file).href;
  const lookup = (section) => section.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), settings) ?? null;
  const client = new StdioLspClient(process.execPath, [STRAP, ...args], {
    cwd: ws.dir,
    answer: (m) => (m.method === 'workspace/configuration' ? (m.params.items ?? []).map((item) => (item.section ? lookup(item.section) : settings)) : null),
  });
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ws.dir).href,
      workspaceFolders: [{ uri: pathToFileURL(ws.dir).href, name: 'ws' }],
      initializationOptions,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: {} }, textDocument: { publishDiagnostics: {} } },
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings });
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const cycles = (d) => d.filter((x) => x.code === 'build-cycle');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => cycles(d).length === 4 && cycles(d).every((x) => x.severity === 2), 20_000);
    return cycles(diagnostics);
  } finally {
    await client.close();
    ws.remove();
  }
}

/** A copy of the section with build-cycle set to warning (LSP severity 2). */
const withWarning = (section) => ({ ...section, severity: { ...(section.severity ?? {}), 'build-cycle': 'warning' } });

const HELIX_LANGUAGE_KEYS = ['name', 'language-id', 'scope', 'injection-regex', 'file-types', 'shebangs', 'roots', 'auto-format', 'diagnostic-severity',
  'comment-tokens', 'comment-token', 'block-comment-tokens', 'indent', 'language-servers', 'grammar', 'formatter', 'soft-wrap', 'text-width', 'rulers',
  'path-completion', 'word-completion', 'workspace-lsp-roots', 'persistent-diagnostic-sources'];
const HELIX_SERVER_KEYS = ['command', 'args', 'config', 'timeout', 'environment', 'required-root-patterns'];
const BOOTSTRAP_GLOBS = ['bootstrap.yaml', 'bootstrap.yml', 'bootstrap.json', 'bootstrap.jsonc', '*.bootstrap.yaml', '*.bootstrap.yml', '*.bootstrap.json', '*.bootstrap.jsonc'];

describe('Helix: languages.toml', () => {
  const config = parseToml(read('helix', 'languages.toml'));
  const server = config['language-server']?.strap;

  it('defines the strap language server with documented keys', () => {
    assertOnlyKeys(config, ['language-server', 'language', 'grammar', 'use-grammars'], 'languages.toml');
    assert.ok(server, '[language-server.strap] missing');
    assertOnlyKeys(server, HELIX_SERVER_KEYS, '[language-server.strap]');
    assert.equal(server.command, 'strap');
    assert.deepEqual(server.args, ['lsp', '--stdio']);
    assert.deepEqual(server['required-root-patterns'].map((g) => g.replace(/^\*\*\//, '')).sort(), [...BOOTSTRAP_GLOBS].sort());
    assertStrapSection(server.config.strap, '[language-server.strap.config.strap]');
    assertOnlyKeys(server.config, ['strap'], '[language-server.strap.config]');
    assertServerReads(server.config.strap);
  });

  it('adds strap to Helix\'s yaml, json and jsonc languages', () => {
    assert.deepEqual(config.language.map((l) => l.name).sort(), ['json', 'jsonc', 'yaml']);
    for (const language of config.language) {
      assertOnlyKeys(language, HELIX_LANGUAGE_KEYS, `[[language]] ${language.name}`);
      const names = language['language-servers'].map((s) => (typeof s === 'string' ? s : s.name));
      assert.ok(names.includes('strap'), `${language.name} does not use strap`);
    }
  });

  it('starts the server the way Helix does (config as initializationOptions and workspace/configuration)', { timeout: 60_000 }, async () => {
    assert.ok(serverBuilt());
    const cfg = { strap: withWarning(server.config.strap) };
    const cycles = await runServer({ args: server.args, initializationOptions: cfg, settings: cfg });
    assert.equal(cycles.length, 4);
    assert.ok(cycles.every((d) => d.severity === 2), 'the severity from the config reached the server');
  });
});

const KAK_SERVER_KEYS = ['filetypes', 'roots', 'command', 'args', 'settings_section', 'settings', 'envs', 'offset_encoding', 'experimental'];

describe('Kakoune: kak-lsp.toml', () => {
  const config = parseToml(read('kakoune', 'kak-lsp.toml'));
  const server = config.language_server?.strap;

  it('defines [language_server.strap] with documented keys, for the yaml and json filetypes', () => {
    assertOnlyKeys(config, ['language_server', 'language_ids'], 'kak-lsp.toml');
    assert.ok(server, '[language_server.strap] missing');
    assertOnlyKeys(server, KAK_SERVER_KEYS, '[language_server.strap]');
    assert.equal(server.command, 'strap');
    assert.deepEqual(server.args, ['lsp', '--stdio']);
    assert.deepEqual([...server.filetypes].sort(), ['json', 'yaml']);
    assert.ok(server.roots.includes('.git'));
    assert.equal(server.settings_section, 'strap');
    assertOnlyKeys(server.settings, ['strap'], '[language_server.strap.settings]');
    assertStrapSection(server.settings.strap, '[language_server.strap.settings.strap]');
    assertServerReads(server.settings.strap);
  });

  it('starts the server the way kak-lsp does (the settings_section as initializationOptions, workspace/configuration)', { timeout: 60_000 }, async () => {
    const settings = { strap: withWarning(server.settings.strap) };
    const cycles = await runServer({ args: server.args, initializationOptions: settings[server.settings_section], settings });
    assert.equal(cycles.length, 4);
    assert.ok(cycles.every((d) => d.severity === 2));
  });
});

const SUBLIME_CLIENT_KEYS = ['enabled', 'command', 'env', 'settings', 'initializationOptions', 'selector', 'priority_selector', 'diagnostics_mode',
  'tcp_port', 'experimental_capabilities', 'disabled_capabilities', 'schemes'];

describe('Sublime Text: LSP.sublime-settings', () => {
  const config = parseJsonc(read('sublime', 'LSP.sublime-settings'), 'LSP.sublime-settings');
  const client = config.clients?.strap;

  it('declares the strap client with documented keys, for YAML and JSON views', () => {
    assert.ok(client, 'clients.strap missing');
    assertOnlyKeys(client, SUBLIME_CLIENT_KEYS, 'clients.strap');
    assert.equal(client.enabled, true);
    assert.deepEqual(client.command, ['strap', 'lsp', '--stdio']);
    const selectors = client.selector.split('|').map((s) => s.trim()).sort();
    assert.deepEqual(selectors, ['source.json', 'source.yaml']);
    for (const key of Object.keys(client.settings)) assert.match(key, /^strap\.[A-Za-z.]+$/, `setting ${key}`);
    const expanded = expandDotted(client.settings);
    assertOnlyKeys(expanded, ['strap'], 'clients.strap.settings');
    assertStrapSection(expanded.strap, 'clients.strap.settings');
    assertServerReads(expanded.strap);
  });

  it('starts the server the way Sublime LSP does (settings through workspace/configuration)', { timeout: 60_000 }, async () => {
    const settings = { strap: withWarning(expandDotted(client.settings).strap) };
    const cycles = await runServer({ args: client.command.slice(1), initializationOptions: client.initializationOptions, settings });
    assert.equal(cycles.length, 4);
    assert.ok(cycles.every((d) => d.severity === 2));
  });
});

describe('Zed: settings.json and the extension', () => {
  const settings = parseJsonc(read('zed', 'settings.json'), 'zed/settings.json');
  const manifest = parseToml(read('zed', 'extension', 'extension.toml'));
  const cargo = parseToml(read('zed', 'extension', 'Cargo.toml'));
  const lib = read('zed', 'extension', 'src', 'lib.rs');
  const lsp = settings.lsp?.strap;

  it('the settings use Zed\'s lsp/languages/file_types keys', () => {
    assertOnlyKeys(settings, ['lsp', 'languages', 'file_types'], 'settings.json');
    assertOnlyKeys(lsp, ['binary', 'settings', 'initialization_options', 'enable_lsp_tasks'], 'lsp.strap');
    assertOnlyKeys(lsp.binary, ['path', 'arguments', 'env', 'ignore_system_version'], 'lsp.strap.binary');
    assert.equal(lsp.binary.path, 'strap');
    assert.deepEqual(lsp.binary.arguments, ['lsp', '--stdio']);
    assertOnlyKeys(lsp.settings, ['strap'], 'lsp.strap.settings');
    assertStrapSection(lsp.settings.strap, 'lsp.strap.settings.strap');
    assertServerReads(lsp.settings.strap);
    for (const [language, conf] of Object.entries(settings.languages)) {
      assert.ok(['YAML', 'JSON', 'JSONC'].includes(language), language);
      assert.deepEqual(conf.language_servers, ['strap', '...'], `${language} keeps its other servers after strap`);
    }
    for (const [language, globs] of Object.entries(settings.file_types)) {
      assert.equal(language, 'JSONC');
      for (const g of globs) assert.ok(BOOTSTRAP_GLOBS.includes(g.replace(/^\*\*\//, '')), g);
    }
  });

  it('the extension declares the strap server for YAML, JSON and JSONC and runs `strap lsp --stdio`', () => {
    assertOnlyKeys(manifest, ['id', 'name', 'version', 'schema_version', 'authors', 'description', 'repository', 'language_servers', 'grammars'], 'extension.toml');
    assert.equal(manifest.schema_version, 1);
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
    assert.equal(manifest.id, 'strap');
    const declared = manifest.language_servers.strap;
    assertOnlyKeys(declared, ['name', 'languages', 'language', 'language_ids', 'code_action_kinds'], '[language_servers.strap]');
    assert.deepEqual(declared.languages, ['YAML', 'JSON', 'JSONC']);
    assert.deepEqual(cargo.lib['crate-type'], ['cdylib']);
    assert.ok(cargo.dependencies.zed_extension_api);
    assert.match(lib, /zed::register_extension!\(StrapExtension\)/);
    assert.match(lib, /fn language_server_command\(/);
    assert.match(lib, /fn language_server_workspace_configuration\(/);
    assert.match(lib, /vec!\["lsp"\.to_string\(\), "--stdio"\.to_string\(\)\]/);
    assert.match(lib, /worktree\.which\("strap"\)/);
  });

  it('starts the server the way Zed does (binary arguments; settings through workspace/configuration)', { timeout: 60_000 }, async () => {
    const cfg = { strap: withWarning(lsp.settings.strap) };
    const cycles = await runServer({ args: lsp.binary.arguments, initializationOptions: lsp.initialization_options, settings: cfg });
    assert.equal(cycles.length, 4);
    assert.ok(cycles.every((d) => d.severity === 2));
  });
});
