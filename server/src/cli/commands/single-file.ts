// Shared by `plan`, `graph` and `fix`: analyse one bootstrap file (with its includes).

import * as path from 'path';
import * as fs from 'fs';
import { analyze, type Analysis, type WorkspaceAnalysis } from '../../core/analysis';
import { pathToUri } from '../../core/workspace/uris';
import { diskProvider } from '../disk-provider';
import { UsageError } from '../command-io';
import { rootsFor } from './check';

export interface SingleFile {
  analysis: Analysis;
  workspace: WorkspaceAnalysis;
  uri: string;
  path: string;
}

/** `files`: the --files globs of bootstrap files an include must match (none: the default names). */
export function analyzeSingleFile(file: string | undefined, cwd: string, root: string | undefined, files: string[] = []): SingleFile {
  if (!file) throw new UsageError('a FILE argument is required');
  const absolute = path.resolve(cwd, file);
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) throw new UsageError(`no such file '${file}'`);
  const roots = rootsFor([file], cwd, root).map(pathToUri);
  const uri = pathToUri(absolute);
  const analysis = analyze([uri], diskProvider(roots), { roots, files });
  const workspace = analysis.workspaceOf(uri);
  if (!workspace) throw new UsageError(`'${file}' could not be read`);
  return { analysis, workspace, uri, path: absolute };
}
