// The language server: the connection, the capabilities it announces from
// what the client supports, and the lifecycle (initialize, the start-up scan,
// shutdown/exit, exit when the client goes away). Each feature lives in its
// own file and maps requests onto the analysis core.

import { warmUp } from './warm-up';
import * as util from 'util';
import {
  createConnection, createServerPipeTransport, createServerSocketTransport, IPCMessageReader, IPCMessageWriter, ProposedFeatures,
  TextDocumentSyncKind, type Connection, type InitializeResult, type ServerCapabilities, type MessageReader,
} from 'vscode-languageserver/node';
import { ServerContext } from './context';
import { DiagnosticsFeature, diagnosticCapabilities } from './diagnostics';
import { codeActionCapabilities, registerCodeActions } from './code-actions';
import { parseSettings, pullSettings, registerSettings, registerSettingsDynamically } from './settings';
import { registerWorkspaceFiles, watchFilesDynamically } from './workspace-files';
import { notification } from './guard';
import { FEATURES } from './features';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './heap-policy';
import { registerDebianControl } from './debian-control';

export type Transport =
  | { kind: 'stdio' }
  | { kind: 'node-ipc' }
  | { kind: 'socket'; port: number }
  | { kind: 'pipe'; name: string };

const VERSION: string = (() => {
  try { return require('../../../package.json').version as string; } catch { return '0.0.0'; }
})();

/** A connection over the given transport; the process ends when the transport closes. */
export function createTransportConnection(transport: Transport): Connection {
  let exitOnClose: MessageReader | undefined;
  let connection: Connection;
  switch (transport.kind) {
    case 'stdio':
      // Passing the streams (not relying on process.argv) works whatever the
      // command line; vscode-languageserver exits when stdin ends or closes.
      connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
      redirectConsole(connection);
      process.stdout.on('error', () => process.exit(1));
      break;
    case 'node-ipc':
      connection = createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process));
      process.on('disconnect', () => process.exit(shutdownReceived ? 0 : 1));
      break;
    case 'socket': {
      const [reader, writer] = createServerSocketTransport(transport.port);
      connection = createConnection(ProposedFeatures.all, reader, writer);
      exitOnClose = reader;
      break;
    }
    case 'pipe': {
      const [reader, writer] = createServerPipeTransport(transport.name);
      connection = createConnection(ProposedFeatures.all, reader, writer);
      exitOnClose = reader;
      break;
    }
  }
  exitOnClose?.onClose(() => process.exit(shutdownReceived ? 0 : 1));
  exitOnClose?.onError(() => process.exit(shutdownReceived ? 0 : 1));
  return connection;
}

let shutdownReceived = false;

/** Anything written with console.* must not corrupt the protocol stream on stdout. */
function redirectConsole(connection: Connection): void {
  const send = (kind: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    try { connection.console[kind](util.format(...args)); } catch { /* gone */ }
  };
  console.log = send('log');
  console.info = send('info');
  console.debug = send('log');
  console.warn = send('warn');
  console.error = send('error');
  console.trace = send('log');
}

export function serverCapabilities(ctx: ServerContext): ServerCapabilities {
  let capabilities: ServerCapabilities = {
    positionEncoding: 'utf-16',
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    ...diagnosticCapabilities(ctx),
    ...codeActionCapabilities(ctx),
  };
  for (const feature of FEATURES) capabilities = { ...capabilities, ...feature.capabilities(ctx) };
  return capabilities;
}

/** Wire every feature to the connection and start listening. */
export interface ServerOptions {
  /** `--heap-growth=PERCENT`: the heap growth for big workspaces (see heap-policy.ts); 0 keeps V8's policy. */
  heapGrowthPercent?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): ServerContext {
  const ctx = new ServerContext(connection, options.heapGrowthPercent ?? DEFAULT_HEAP_GROWTH_PERCENT);
  const documents = ctx.documents;

  process.on('uncaughtException', (error) => ctx.logError('uncaught exception', error));
  process.on('unhandledRejection', (error) => ctx.logError('unhandled rejection', error));

  connection.onInitialize((params): InitializeResult => {
    ctx.initialize(params);
    // Settings given at start (Neovim's init_options, eglot's initializationOptions).
    const initial = params?.initializationOptions;
    if (initial && typeof initial === 'object') ctx.settings = parseSettings(initial);
    return { capabilities: serverCapabilities(ctx), serverInfo: { name: 'strap', version: VERSION } };
  });

  connection.onInitialized(notification(ctx, 'initialized', async () => {
    // After the initialize response has reached the client, not before it.
    warmUp(ctx);
    if (ctx.client.workspaceFolders) {
      try {
        connection.workspace.onDidChangeWorkspaceFolders(notification(ctx, 'workspace/didChangeWorkspaceFolders', async (event) => {
          ctx.setFolders((event?.added ?? []).map((f) => f?.uri), (event?.removed ?? []).map((f) => f?.uri));
          // The new folders may have settings of their own.
          const pulled = await pullSettings(ctx);
          const globsChanged = pulled ? ctx.applySettings(pulled.global, pulled.folders, false) : false;
          await ctx.files.scan(() => ctx.analyseNow());
          if (globsChanged) await watchFilesDynamically(ctx);
        }));
      } catch (error) {
        ctx.logError('could not listen to workspace folder changes', error);
      }
    }
    await registerSettingsDynamically(ctx);
    const pulled = await pullSettings(ctx);
    if (pulled) ctx.setInitialSettings(pulled.global, pulled.folders);
    await watchFilesDynamically(ctx);
    let released = false;
    try {
      await ctx.files.scan(() => { released = true; ctx.analysis.release(); });
    } finally {
      if (!released) ctx.analysis.release();
    }
  }));

  connection.onShutdown(() => {
    shutdownReceived = true;
    ctx.shutdownRequested = true;
    ctx.analysis.dispose();
  });

  // Text synchronisation (incremental); the analysis follows every change.
  const relevant = (uri: string) => ctx.files.isBootstrapFile(uri) || !!ctx.analysis.latest()?.analysis.documents.has(uri);
  documents.store.onDidOpen((e) => {
    const uri = documents.remember(e.document.uri);
    ctx.files.touch(uri);
  });
  documents.store.onDidChangeContent((e) => {
    if (relevant(documents.remember(e.document.uri))) ctx.analysis.changed();
  });
  documents.store.onDidSave((e) => {
    const uri = documents.remember(e.document.uri);
    ctx.files.touch(uri);
    if (relevant(uri)) ctx.analysis.changed();
  });
  documents.store.onDidClose((e) => {
    if (relevant(documents.remember(e.document.uri))) ctx.analysis.changed();
  });
  documents.store.listen(connection);

  registerSettings(ctx, connection);
  registerWorkspaceFiles(ctx, connection);
  new DiagnosticsFeature(ctx).register(connection);
  registerCodeActions(ctx, connection);
  for (const feature of FEATURES) feature.register(ctx, connection);
  registerDebianControl(ctx, connection);

  connection.listen();
  return ctx;
}
