// The parts of the extension that do not need VS Code: how to start the
// server, which documents it gets, and the HTML of the graph view. Kept free
// of runtime imports of `vscode` so that tests can load the compiled file in
// plain Node.

import * as path from 'node:path';
import * as fs from 'node:fs';

/** The default names of bootstrap files (as the server's default `strap.files`). */
export const BOOTSTRAP_NAMES = ['bootstrap', '*.bootstrap'];
export const YAML_EXTENSIONS = ['yaml', 'yml'];
export const JSON_EXTENSIONS = ['json', 'jsonc'];

/** How to start the server. */
export type ServerCommand =
  | { kind: 'node'; module: string; runtime?: string; args: string[] }
  | { kind: 'executable'; command: string; args: string[] };

export interface ServerSettings {
  /** `strap.server.path`: a `strap` executable or a `.js` entry point; empty for the default. */
  path?: string;
  /** `strap.server.nodePath`: the Node.js running a `.js` server; empty for VS Code's own. */
  nodePath?: string;
}

/**
 * The file `bin/strap.js` of the strap checkout the extension runs from
 * (`client-samples/vscode`, as with F5), if any: a live build, fresher than
 * the bundled copy.
 */
export function checkoutServer(extensionPath: string, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  const resolved = path.resolve(extensionPath);
  if (path.basename(resolved) !== 'vscode' || path.basename(path.dirname(resolved)) !== 'client-samples') return undefined;
  const candidate = path.resolve(resolved, '..', '..', 'bin', 'strap.js');
  return exists(candidate) ? candidate : undefined;
}

/** The server bundled in the packaged extension (`strap-server/`, copied by scripts/bundle-server.js), if any. */
export function bundledServer(extensionPath: string, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  const candidate = path.resolve(extensionPath, 'strap-server', 'bin', 'strap.js');
  return exists(candidate) ? candidate : undefined;
}

/** The first `name` on PATH, if any. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = isExecutable): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, name] : [name];
  for (const dir of dirs) {
    for (const n of names) {
      const full = path.join(dir, n);
      if (exists(full)) return full;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The server command: `strap.server.path` when set (relative paths against
 * the first workspace folder), else the checkout's `bin/strap.js` (the
 * extension run from `client-samples/vscode`), else the server bundled in the
 * extension, else `strap` on PATH. A `.js`/`.cjs`/`.mjs` path runs under Node with `lsp`; an
 * executable gets `lsp --stdio`.
 */
export function serverCommand(
  settings: ServerSettings,
  extensionPath: string,
  options: { workspaceFolder?: string; exists?: (file: string) => boolean; which?: (name: string) => string | undefined } = {},
): ServerCommand {
  const exists = options.exists ?? fs.existsSync;
  const which = options.which ?? ((name: string) => findOnPath(name));
  let configured = settings.path?.trim() || undefined;
  if (configured && configured.startsWith('~/')) configured = path.join(process.env.HOME ?? '', configured.slice(2));
  if (configured && !path.isAbsolute(configured) && (configured.includes('/') || configured.includes('\\')) && options.workspaceFolder) {
    configured = path.resolve(options.workspaceFolder, configured);
  }
  const target = configured ?? checkoutServer(extensionPath, exists) ?? bundledServer(extensionPath, exists) ?? which('strap') ?? 'strap';
  if (/\.[cm]?js$/i.test(target)) {
    const runtime = settings.nodePath?.trim() || undefined;
    return { kind: 'node', module: target, runtime, args: ['lsp'] };
  }
  return { kind: 'executable', command: target, args: ['lsp', '--stdio'] };
}

export interface DocumentFilter {
  scheme?: string;
  language?: string;
  pattern?: string;
}

/**
 * The documents the server gets: the default bootstrap names in YAML, JSON
 * and JSONC (any language VS Code gave them), plus the `strap.files` globs
 * (relative to a workspace folder, matched anywhere below it).
 */
export function documentSelector(files: readonly string[] = []): DocumentFilter[] {
  const names = `{${BOOTSTRAP_NAMES.join(',')}}`;
  const selector: DocumentFilter[] = [
    { scheme: 'file', language: 'yaml', pattern: `**/${names}.{${YAML_EXTENSIONS.join(',')}}` },
    { scheme: 'file', language: 'json', pattern: `**/${names}.{${JSON_EXTENSIONS.join(',')}}` },
    { scheme: 'file', language: 'jsonc', pattern: `**/${names}.{${JSON_EXTENSIONS.join(',')}}` },
    { scheme: 'untitled', language: 'yaml', pattern: `**/${names}.{${YAML_EXTENSIONS.join(',')}}` },
  ];
  for (const glob of files) {
    const clean = glob.trim().replace(/^\.\//, '');
    if (!clean) continue;
    selector.push({ scheme: 'file', pattern: clean.startsWith('**/') || path.isAbsolute(clean) ? clean : `**/${clean}` });
  }
  return selector;
}

/** Whether a file path is a bootstrap file by its default name. */
export function isBootstrapFileName(file: string): boolean {
  return /(^|[\\/])([^\\/]+\.)?bootstrap\.(ya?ml|jsonc?)$/.test(file);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The graph view: the Mermaid source as text, under a Content-Security-Policy
 * that loads nothing (no script, no remote resource). Mermaid is not bundled;
 * paste the source into any Mermaid renderer, or use `strap graph --format dot`.
 */
export function graphHtml(title: string, mermaid: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
  pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); white-space: pre; overflow: auto; }
  .note { opacity: 0.8; }
</style>
</head>
<body>
<h2>${escapeHtml(title)}</h2>
<p class="note">Mermaid source of the build graph (unbroken cycles red, broken ones orange, runtime depends dotted).
This view loads nothing from the network; render it with any Mermaid viewer, or run <code>strap graph --format dot</code>.</p>
<pre>${escapeHtml(mermaid)}</pre>
</body>
</html>`;
}
