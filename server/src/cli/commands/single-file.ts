// Shared by `plan`, `graph` and `fix`: analyse one bootstrap file (with its includes).

import * as path from 'path';
import * as fs from 'fs';
import { analyze, type Analysis, type WorkspaceAnalysis } from '../../core/analysis';
import { isBootstrapFileName, pathToUri } from '../../core/workspace/uris';
import { DEFAULT_BOOTSTRAP_NAMES } from '../../core/workspace/bootstrap-files';
import { DiskTextCache, diskProvider } from '../disk-provider';
import { UsageError } from '../command-io';
import { rootsFor } from './check';

export interface SingleFile {
  analysis: Analysis;
  workspace: WorkspaceAnalysis;
  uri: string;
  path: string;
}

/**
 * `args`: the command's positional arguments, one FILE or a folder holding
 * its entry file. `files`: the --files globs of bootstrap files an include
 * must match (none: the default names).
 */
export function analyzeSingleFile(args: string[], cwd: string, root: string | undefined, files: string[] = []): SingleFile {
  if (args.length === 0) throw new UsageError('a FILE argument is required');
  if (args.length > 1) throw new UsageError(`takes one FILE (or a folder with a bootstrap.yaml), not ${args.length}: ${args.map((a) => `'${a}'`).join(' ')}; run it once per file, or 'include' the others from one file`);
  const file = args[0];
  const absolute = entryFile(file, cwd);
  const roots = rootsFor([path.relative(cwd, absolute) || absolute], cwd, root).map(pathToUri);
  const uri = pathToUri(absolute);
  const analysis = analyze([uri], diskProvider(roots, new DiskTextCache()), { roots, files });
  const workspace = analysis.workspaceOf(uri);
  if (!workspace) throw new UsageError(`'${file}' could not be read`);
  return { analysis, workspace, uri, path: absolute };
}

/**
 * The file `arg` names; for a folder, its bootstrap.{yaml,yml,json,jsonc}, or
 * else its only bootstrap file.
 */
function entryFile(arg: string, cwd: string): string {
  const absolute = path.resolve(cwd, arg);
  let stat: fs.Stats;
  try { stat = fs.statSync(absolute); } catch { throw new UsageError(`no such file or folder '${arg}'`); }
  if (stat.isFile()) return absolute;
  if (!stat.isDirectory()) throw new UsageError(`'${arg}' is not a file`);
  const names = fs.readdirSync(absolute).filter((n) => isBootstrapFileName(n) && fs.statSync(path.join(absolute, n)).isFile()).sort();
  const entries = names.filter((n) => /^bootstrap\.(ya?ml|jsonc?)$/i.test(n));
  const chosen = entries.length ? entries : names;
  if (chosen.length === 1) return path.join(absolute, chosen[0]);
  if (chosen.length === 0) throw new UsageError(`no bootstrap file in folder '${arg}' (${DEFAULT_BOOTSTRAP_NAMES})`);
  throw new UsageError(`folder '${arg}' holds ${chosen.length} bootstrap files (${chosen.join(', ')}): name one`);
}
