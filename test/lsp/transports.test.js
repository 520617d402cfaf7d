'use strict';
// `strap lsp` over its other transports (a socket the client listens on,
// Node IPC), its command line, and exit when the client process dies.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { LspClient, makeWorkspace, uriOf, delay } = require('./client');

const STRAP = path.resolve(__dirname, '..', '..', 'bin', 'strap.js');
const CYCLE = 'version: 1\npackages:\n  gcc:\n    build-depends: [glibc]\n  glibc:\n    build-depends: [gcc]\n';

/** Content-Length framing over any byte stream. */
function framer(onMessage) {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, end).toString('ascii'))[1]);
      if (buffer.length < end + 4 + length) return;
      onMessage(JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8')));
      buffer = buffer.subarray(end + 4 + length);
    }
  };
}

function waitFor(messages, predicate, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = messages.find(predicate);
      if (found) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(poll, 20);
    };
    poll();
  });
}

function exitOf(child, ms) {
  return Promise.race([
    new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    delay(ms).then(() => { throw new Error(`no exit within ${ms} ms`); }),
  ]);
}

describe('transports and command line', { timeout: 60_000 }, () => {
  const children = [];
  const cleanups = [];
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const f of cleanups) f();
  });

  it('prints help, and refuses a missing or unknown transport with exit status 2', () => {
    const help = spawnSync(process.execPath, [STRAP, 'lsp', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--stdio/);
    assert.match(help.stdout, /--socket=PORT/);
    const none = spawnSync(process.execPath, [STRAP, 'lsp'], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /choose a transport/);
    const bad = spawnSync(process.execPath, [STRAP, 'lsp', '--socket=http'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });

  it('speaks over --socket=PORT (the client listens) and exits when the socket closes', async () => {
    const ws = makeWorkspace({ 'bootstrap.yaml': CYCLE });
    cleanups.push(ws.remove);
    const messages = [];
    let socket;
    const server = net.createServer((s) => {
      socket = s;
      s.on('data', framer((m) => {
        messages.push(m);
        if (m.id !== undefined && m.method) s.write(LspClient.frame({ jsonrpc: '2.0', id: m.id, result: null }));
      }));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    const child = spawn(process.execPath, [STRAP, 'lsp', `--socket=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    await waitFor([true], () => socket !== undefined);
    socket.write(LspClient.frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: ws.uri, capabilities: {} } }));
    const init = await waitFor(messages, (m) => m.id === 1 && !m.method);
    assert.equal(init.result.serverInfo.name, 'strap');
    socket.write(LspClient.frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    const published = await waitFor(messages, (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uriOf(ws.file('bootstrap.yaml')));
    assert.deepEqual(published.params.diagnostics.map((d) => d.code), ['build-cycle', 'build-cycle']);
    socket.destroy();
    server.close();
    assert.notEqual(await exitOf(child, 5000), null);
  });

  it('speaks over --node-ipc', async () => {
    const ws = makeWorkspace({ 'bootstrap.yaml': CYCLE });
    cleanups.push(ws.remove);
    const child = spawn(process.execPath, [STRAP, 'lsp', '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    children.push(child);
    const messages = [];
    child.on('message', (m) => {
      messages.push(m);
      if (m.id !== undefined && m.method) child.send({ jsonrpc: '2.0', id: m.id, result: null });
    });
    child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: ws.uri, capabilities: {} } });
    const init = await waitFor(messages, (m) => m.id === 1 && !m.method);
    assert.equal(init.result.capabilities.textDocumentSync.change, 2);
    child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    const published = await waitFor(messages, (m) => m.method === 'textDocument/publishDiagnostics');
    assert.equal(published.params.diagnostics.length, 2);
    child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null });
    await waitFor(messages, (m) => m.id === 2 && !m.method);
    child.send({ jsonrpc: '2.0', method: 'exit' });
    assert.equal(await exitOf(child, 5000), 0);
  });

  it('exits when the client process named in initialize dies', async () => {
    const ws = makeWorkspace({});
    cleanups.push(ws.remove);
    const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(parent);
    const client = new LspClient();
    children.push(client.child);
    await client.request('initialize', { processId: parent.pid, rootUri: ws.uri, capabilities: {} });
    client.notify('initialized', {});
    parent.kill('SIGKILL');
    const { code } = await Promise.race([client.exited, delay(10_000).then(() => { throw new Error('the server outlived its client'); })]);
    assert.notEqual(code, null);
  });
});
