// The strap extension: starts `strap lsp --stdio` through vscode-languageclient
// for bootstrap files (YAML, JSON, JSONC), passes the `strap.*` settings (the
// server pulls them with workspace/configuration), and shows the results of
// the server's `strap.showPlan` / `strap.showGraph` commands.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { documentSelector, graphHtml, isBootstrapFileName, serverCommand } from './config';

const SHOW_PLAN = 'strap.showPlan';
const SHOW_GRAPH = 'strap.showGraph';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let output: vscode.LogOutputChannel | undefined;
let context: vscode.ExtensionContext;

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  context = ctx;
  output = vscode.window.createOutputChannel('strap', { log: true });
  ctx.subscriptions.push(output);

  ctx.subscriptions.push(
    vscode.commands.registerCommand('strap.restartServer', async () => {
      await stopClient();
      await startClient();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // The server re-reads the other settings itself; these decide how it is started.
      if (client && (event.affectsConfiguration('strap.server') || event.affectsConfiguration('strap.files'))) {
        await stopClient();
        await startClient();
      }
    }),
  );

  // Start as soon as a bootstrap file is around: open now, opened later, or in
  // the workspace (the extension also activates for every YAML/JSON file,
  // where no server is needed).
  const needed = () => vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && isBootstrapFileName(d.uri.fsPath));
  if (needed() || (await workspaceHasBootstrapFiles())) {
    await startClient();
  } else {
    const listener = vscode.workspace.onDidOpenTextDocument(async (document) => {
      if (!client && isBootstrapFileName(document.uri.fsPath)) {
        listener.dispose();
        await startClient();
      }
    });
    ctx.subscriptions.push(listener);
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

async function workspaceHasBootstrapFiles(): Promise<boolean> {
  if (!vscode.workspace.workspaceFolders?.length) return false;
  const found = await vscode.workspace.findFiles('**/{bootstrap,*.bootstrap}.{yaml,yml,json,jsonc}', '**/node_modules/**', 1);
  return found.length > 0;
}

function serverOptions(): ServerOptions {
  const config = vscode.workspace.getConfiguration('strap');
  const command = serverCommand(
    { path: config.get<string>('server.path'), nodePath: config.get<string>('server.nodePath') },
    context.extensionPath,
    { workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
  );
  output?.appendLine(`strap: starting ${command.kind === 'node' ? `${command.runtime ?? 'node'} ${command.module}` : command.command} ${command.args.join(' ')}`);
  if (command.kind === 'node') {
    // languageclient appends --stdio and --clientProcessId.
    return { module: command.module, args: command.args, runtime: command.runtime, transport: TransportKind.stdio };
  }
  return { command: command.command, args: command.args };
}

function clientOptions(): LanguageClientOptions {
  const files = vscode.workspace.getConfiguration('strap').get<string[]>('files') ?? [];
  return {
    documentSelector: documentSelector(files) as NonNullable<LanguageClientOptions['documentSelector']>,
    outputChannel: output,
    traceOutputChannel: output,
    synchronize: {
      // Included files the editor has not opened change on disk too.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{bootstrap,*.bootstrap}.{yaml,yml,json,jsonc}'),
    },
    middleware: {
      // The server's commands, as the command palette runs them: for the
      // active bootstrap file, and with the result shown.
      executeCommand: async (command, args, next) => {
        const uri = vscode.window.activeTextEditor?.document.uri.toString();
        const withUri = args.length === 0 && uri ? [uri] : args;
        const result = await next(command, withUri);
        if (command === SHOW_PLAN || command === SHOW_GRAPH) await show(command, result);
        return result;
      },
    },
  };
}

async function startClient(): Promise<void> {
  if (client) return;
  if (starting) return starting;
  starting = (async () => {
    const created = new LanguageClient('strap', 'strap', serverOptions(), clientOptions());
    try {
      await created.start();
      client = created;
      await vscode.commands.executeCommand('setContext', 'strap.serverRunning', true);
    } catch (error) {
      output?.appendLine(`strap: the server did not start: ${String(error)}`);
      void vscode.window.showErrorMessage(`strap: the language server did not start (${String(error)}). Set "strap.server.path" to a strap executable or bin/strap.js.`);
    }
  })();
  try {
    await starting;
  } finally {
    starting = undefined;
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  await vscode.commands.executeCommand('setContext', 'strap.serverRunning', false);
  if (running) await running.stop(5000).catch(() => undefined);
}

async function show(command: string, result: unknown): Promise<void> {
  if (typeof result !== 'string') {
    void vscode.window.showInformationMessage('strap: no bootstrap file is analysed yet.');
    return;
  }
  if (command === SHOW_PLAN) {
    const document = await vscode.workspace.openTextDocument({ content: result, language: 'plaintext' });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return;
  }
  const panel = vscode.window.createWebviewPanel('strap.graph', 'strap: build graph', vscode.ViewColumn.Beside, {
    enableScripts: false,
    localResourceRoots: [],
  });
  panel.webview.html = graphHtml('Build graph', result, nonce());
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let text = '';
  for (let i = 0; i < 32; i++) text += chars.charAt(Math.floor(Math.random() * chars.length));
  return text;
}
