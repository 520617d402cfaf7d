// Settings that differ per folder: in a multi-root workspace each workspace
// folder may have its own severities, bootstrap-file globs and project root.
// A file takes the settings of the innermost scope containing it; a file in
// no scope takes the global ones (the options themselves).

import * as path from 'path';
import type { Severity } from '../types';
import { uriToPath } from './uris';

/** What may differ per folder. */
export interface ScopedSettings {
  /** Severity per diagnostic code; 'off' drops the code. */
  severity?: Record<string, Severity | 'off'>;
  /** Globs of bootstrap files (see isBootstrapFile); absent or empty: the default names. */
  files?: string[];
  /** The folder `@/` stands for; absent: the entry file's folder. */
  projectRoot?: string;
}

/**
 * The settings of one folder. They replace the global settings for every
 * file in the folder, as a whole: a field left out is its default, not the
 * global value (a client answering per folder already merged the two).
 */
export interface SettingsScope extends ScopedSettings {
  /** The folder (a file URI): itself and everything below it. */
  root: string;
}

/** Global settings, and the scopes that override them. */
export interface ScopedOptions extends ScopedSettings {
  scopes?: readonly SettingsScope[];
}

/** The settings that apply to `uri`: the innermost scope containing it, else the global ones. */
export function settingsFor(uri: string, options: ScopedOptions): ScopedSettings {
  const scope = scopeOf(uri, options.scopes);
  if (!scope) return { severity: options.severity, files: options.files, projectRoot: options.projectRoot };
  return { severity: scope.severity, files: scope.files, projectRoot: scope.projectRoot };
}

/** The innermost scope whose root contains `uri` (or is it). */
export function scopeOf(uri: string, scopes: readonly SettingsScope[] | undefined): SettingsScope | undefined {
  if (!scopes || scopes.length === 0 || !uri.startsWith('file:')) return undefined;
  let p: string;
  try { p = uriToPath(uri); } catch { return undefined; }
  for (const { root, scope } of byDepth(scopes)) {
    const rel = path.relative(root, p);
    if (rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel))) return scope;
  }
  return undefined;
}

// The scopes' root paths, longest first, computed once per scopes array:
// resolving is asked for every file and every include of an analysis.
const sorted = new WeakMap<readonly SettingsScope[], Array<{ root: string; scope: SettingsScope }>>();

function byDepth(scopes: readonly SettingsScope[]): Array<{ root: string; scope: SettingsScope }> {
  let list = sorted.get(scopes);
  if (list) return list;
  list = [];
  for (const scope of scopes) {
    if (typeof scope?.root !== 'string' || !scope.root.startsWith('file:')) continue;
    try { list.push({ root: path.resolve(uriToPath(scope.root)), scope }); } catch { /* not a usable file URI */ }
  }
  list.sort((a, b) => b.root.length - a.root.length);
  sorted.set(scopes, list);
  return list;
}
