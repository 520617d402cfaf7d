'use strict';
// A minimal LSP client over stdio for any server (the schema-only test runs
// yaml-language-server with it): Content-Length framing, requests with
// timeouts, answers to the server's requests, published diagnostics by URI.

const { spawn } = require('node:child_process');
const { frame, MessageReader } = require('../helpers/lsp-framing');

class StdioLspClient {
  constructor(command, args, { cwd, env, answer } = {}) {
    this.nextId = 1;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.waiters = new Set();
    this.stderr = '';
    this.reader = new MessageReader((message) => this.onMessage(message));
    this.answer = answer ?? (() => null);
    this.child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk; });
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
        pending(message);
      }
      return;
    }
    if (message.id !== undefined) {
      Promise.resolve(this.answer(message)).then((result) => this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null }));
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') this.diagnostics.set(message.params.uri, message.params.diagnostics);
    for (const waiter of this.waiters) waiter();
  }

  send(message) {
    if (!this.child.stdin.destroyed) this.child.stdin.write(frame(message));
  }

  request(method, params, timeoutMs = 15_000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the diagnostics of `uri` once `predicate` holds for them. */
  waitForDiagnostics(uri, predicate = () => true, timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const current = this.diagnostics.get(uri);
        if (current && predicate(current)) {
          cleanup();
          resolve(current);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for diagnostics of ${uri}: last ${JSON.stringify(this.diagnostics.get(uri))}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  async close() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        await this.request('shutdown', null, 3000);
        this.notify('exit');
      } catch {
        /* going anyway */
      }
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
    }
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

module.exports = { StdioLspClient };
