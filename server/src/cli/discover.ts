// Which files `strap check` looks at: named files as they are, folders
// searched for bootstrap files (by `isWanted`: the default names, or the
// --files globs through core/workspace/bootstrap-files), and globs matched
// below the current folder.

import * as fs from 'fs';
import * as path from 'path';
import { minimatch } from 'minimatch';
import { isBootstrapFileName } from '../core/workspace/uris';
import { DEFAULT_BOOTSTRAP_NAMES } from '../core/workspace/bootstrap-files';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Discovery {
  files: string[];
  /** Arguments that matched nothing, to report as usage errors, with why. */
  unmatched: Unmatched[];
}

/** `missing`: no such file or folder; `folder`: a folder without bootstrap files; `glob`: a glob matching nothing. */
export interface Unmatched {
  arg: string;
  reason: 'missing' | 'folder' | 'glob';
}

export function discoverFiles(args: string[], cwd: string, isWanted: (p: string) => boolean = isBootstrapFileName): Discovery {
  const files = new Set<string>();
  const unmatched: Unmatched[] = [];
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try { stat = fs.statSync(absolute); } catch { stat = undefined; }
    if (stat?.isFile()) {
      files.add(absolute);
    } else if (stat?.isDirectory()) {
      const found = walk(absolute).filter(isWanted);
      if (found.length === 0) unmatched.push({ arg, reason: 'folder' });
      found.forEach((f) => files.add(f));
    } else if (/[*?[{]/.test(arg)) {
      const base = globBase(absolute);
      const pattern = absolute.split(path.sep).join('/');
      const found = fs.existsSync(base) ? walk(base).filter((f) => minimatch(f.split(path.sep).join('/'), pattern, { dot: false })) : [];
      if (found.length === 0) unmatched.push({ arg, reason: 'glob' });
      found.forEach((f) => files.add(f));
    } else {
      unmatched.push({ arg, reason: 'missing' });
    }
  }
  return { files: [...files].sort(), unmatched };
}

/** One line per argument that matched nothing, saying which of the three it was. */
export function describeUnmatched(unmatched: Unmatched[], globs: string[]): string {
  const names = globs.length ? ` (${DEFAULT_BOOTSTRAP_NAMES}, or --files ${globs.map((g) => `'${g}'`).join(' ')})` : ` (${DEFAULT_BOOTSTRAP_NAMES})`;
  return unmatched.map(({ arg, reason }) => {
    switch (reason) {
      case 'missing': return `no such file or folder '${arg}'`;
      case 'folder': return `no bootstrap files in folder '${arg}'${names}`;
      default: return `no files match '${arg}'${globs.length ? names : ''}`;
    }
  }).join('; ');
}

/** The folder above the first glob character, where the walk starts. */
function globBase(pattern: string): string {
  const parts = pattern.split(path.sep);
  const i = parts.findIndex((p) => /[*?[{]/.test(p));
  return parts.slice(0, i).join(path.sep) || path.sep;
}

function walk(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      // Symbolic links are not followed while searching: they may lead outside the root.
      if (e.isDirectory() && !SKIPPED_FOLDERS.has(e.name)) stack.push(full);
      else if (e.isFile()) out.push(full);
    }
  }
  return out.sort();
}
