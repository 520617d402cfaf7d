'use strict';
// A small LSP client for the end-to-end tests: spawns `strap lsp --stdio`,
// frames JSON-RPC by hand (so a test can also send garbage), answers the
// server's requests (configuration, registrations, progress), and records
// every notification, published diagnostics by URI.

const { spawn } = require('node:child_process');
const { frame, MessageReader } = require('../helpers/lsp-framing');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..', '..');
const STRAP = path.join(ROOT, 'bin', 'strap.js');

/** What Neovim 0.7 / eglot 1.9 advertise, in the parts that matter: push diagnostics only, no workspace/configuration, no dynamic registration. */
const PUSH_ONLY_CAPABILITIES = {
  workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, workspaceFolders: true, symbol: {} },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    definition: {}, references: {}, foldingRange: {}, documentLink: {},
  },
  window: { workDoneProgress: true },
};

/** PUSH_ONLY_CAPABILITIES with some textDocument capabilities replaced: a client that differs in those. */
function pushOnlyWith(textDocument) {
  return { ...PUSH_ONLY_CAPABILITIES, textDocument: { ...PUSH_ONLY_CAPABILITIES.textDocument, ...textDocument } };
}

/** A 3.17 client in the style of VS Code: pull diagnostics, configuration, dynamic registration. */
const FULL_CAPABILITIES = {
  ...PUSH_ONLY_CAPABILITIES,
  workspace: {
    ...PUSH_ONLY_CAPABILITIES.workspace,
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
  },
  textDocument: { ...PUSH_ONLY_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false }, inlayHint: {} },
};

function uriOf(file) {
  return pathToFileURL(file).href;
}

/** A temporary workspace folder with the given files (relative path -> text). */
function makeWorkspace(files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'strap-lsp-')));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return { dir, uri: uriOf(dir), file: (rel) => path.join(dir, rel), uriOf: (rel) => uriOf(path.join(dir, rel)), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

class LspClient {
  constructor(options = {}) {
    this.options = options;
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.diagnostics = new Map();
    this.serverRequests = [];
    this.stderr = '';
    this.settings = options.settings ?? {};
    /** The `strap` section per folder, by the folder's URI (answered when asked with that `scopeUri`). */
    this.folderSettings = options.folderSettings ?? {};
    this.listeners = new Set();
    this.reader = new MessageReader((message) => this.onMessage(message));
    const entry = process.env.STRAP_LSP_ENTRY ? [process.env.STRAP_LSP_ENTRY] : [STRAP, 'lsp'];
    this.child = spawn(process.execPath, [...entry, '--stdio', ...(options.args ?? [])], { cwd: options.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk.toString(); });
    this.child.stdin.on('error', () => {});
  }

  onData(chunk) {
    this.reader.push(chunk);
  }

  onMessage(message) {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      if (pending) {
        this.pending.delete(message.id);
        pending.resolve(message);
      }
      return;
    }
    if (message.id !== undefined) {
      this.serverRequests.push(message);
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message) });
    } else {
      this.notifications.push(message);
      if (message.method === 'textDocument/publishDiagnostics') this.diagnostics.set(message.params.uri, message.params);
    }
    for (const listener of this.listeners) listener(message);
  }

  answer(message) {
    switch (message.method) {
      case 'workspace/configuration':
        return (message.params.items ?? []).map((item) => {
          if (item.section !== 'strap') return null;
          if (typeof item.scopeUri === 'string' && Object.hasOwn(this.folderSettings, item.scopeUri)) return this.folderSettings[item.scopeUri];
          return this.settings.strap ?? null;
        });
      default:
        return null;
    }
  }

  send(message) {
    this.writeRaw(frame(message));
  }

  writeRaw(data) {
    if (!this.child.stdin.destroyed) this.child.stdin.write(data);
  }

  /** Frame a message without sending it (to send several in one write). */
  static frame(message) {
    return frame(message);
  }

  /** Send a request; resolves with the whole response message ({result} or {error}). */
  requestRaw(method, params, timeoutMs = 10_000) {
    const id = this.nextId++;
    const promise = this.track(id, method, timeoutMs);
    this.send({ jsonrpc: '2.0', id, method, params });
    return promise;
  }

  track(id, method, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms\nserver stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  async request(method, params, timeoutMs) {
    const response = await this.requestRaw(method, params, timeoutMs);
    if (response.error) throw Object.assign(new Error(`${method}: ${response.error.message}`), { code: response.error.code });
    return response.result;
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first message (already received or coming) that satisfies `predicate`. */
  waitFor(predicate, timeoutMs = 10_000, what = 'a message') {
    const found = this.notifications.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out waiting for ${what}\nserver stderr:\n${this.stderr}`));
      }, timeoutMs);
      const listener = (message) => {
        if (message.id === undefined && predicate(message)) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(message);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves with the latest published diagnostics of `uri` once they satisfy `predicate`. */
  waitForDiagnostics(uri, predicate = () => true, timeoutMs = 10_000) {
    const current = this.diagnostics.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return this.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && this.diagnostics.get(uri) === m.params && predicate(m.params),
      timeoutMs,
      `diagnostics of ${uri}`,
    ).then((m) => m.params);
  }

  async initialize({ rootDir, capabilities = PUSH_ONLY_CAPABILITIES, initializationOptions } = {}) {
    const result = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'strap-test-client' },
      rootUri: rootDir ? uriOf(rootDir) : null,
      workspaceFolders: rootDir ? [{ uri: uriOf(rootDir), name: path.basename(rootDir) }] : null,
      capabilities,
      initializationOptions,
    });
    this.notify('initialized', {});
    return result;
  }

  open(uri, text, languageId = /\.jsonc?$/.test(uri) ? 'json' : 'yaml', version = 1) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  async shutdown() {
    if (this.child.exitCode !== null) return;
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit');
    } catch {
      /* already gone */
    }
  }

  kill() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

// ---- text helpers: apply LSP edits the way an editor does (UTF-16 positions; \n, \r\n, \r) ----

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function offsetAt(text, position) {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line];
  let end = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return Math.min(start + position.character, end);
}

function positionAt(text, offset) {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

function textIn(text, range) {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

function applyEdits(text, edits) {
  const resolved = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  resolved.sort((a, b) => b.start - a.start || b.end - a.end);
  for (const e of resolved) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/** The edits of a WorkspaceEdit for one URI (documentChanges or changes). */
function editsFor(workspaceEdit, uri) {
  if (workspaceEdit.documentChanges) {
    return workspaceEdit.documentChanges.filter((c) => c.textDocument && c.textDocument.uri === uri).flatMap((c) => c.edits);
  }
  return (workspaceEdit.changes && workspaceEdit.changes[uri]) || [];
}

/** The range of the `n`-th occurrence (0-based) of `needle`. */
function rangeOf(text, needle, n = 0) {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (#${n}) not in text`);
  }
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

/** An incremental change replacing `oldText` (its `n`-th occurrence) by `newText`. */
function replaceChange(text, oldText, newText, n = 0) {
  const range = rangeOf(text, oldText, n);
  const next = text.slice(0, offsetAt(text, range.start)) + newText + text.slice(offsetAt(text, range.end));
  return { change: { range, text: newText }, text: next };
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A workspace folder with `files`, a server started on it and initialised.
 * `close()` shuts the server down (killing it if it does not go) and removes the folder.
 */
async function startSession({ files = {}, capabilities = PUSH_ONLY_CAPABILITIES, settings, args } = {}) {
  const ws = makeWorkspace(files);
  const client = new LspClient({ settings, args });
  try {
    await client.initialize({ rootDir: ws.dir, capabilities });
  } catch (error) {
    client.kill();
    ws.remove();
    throw error;
  }
  return {
    ws,
    client,
    async close() {
      await client.shutdown();
      await Promise.race([client.exited, delay(3000)]);
      client.kill();
      ws.remove();
    },
  };
}

/** Diagnostics with `code`, each with the text under its range. */
function withText(text, diagnostics, code) {
  return diagnostics.filter((d) => code === undefined || d.code === code).map((d) => ({ ...d, text: textIn(text, d.range) }));
}

module.exports = {
  LspClient, startSession, delay, withText, PUSH_ONLY_CAPABILITIES, pushOnlyWith, FULL_CAPABILITIES, makeWorkspace, uriOf,
  offsetAt, positionAt, textIn, applyEdits, editsFor, rangeOf, replaceChange,
};
