// `strap fix FILE [--write]`: apply the fix-all edits — the annotations that
// break every unbroken cycle — printing the result, or writing it back.

import * as fs from 'fs';
import { fileGlobs, parseOptions, UsageError, type CommandIO } from '../command-io';
import { unifiedDiff } from '../format/unified-diff';
import { fixAllCount, fixAllDropped, fixAllWithResult } from '../../core/fixes/fix-all';
import { applyPreferredFixes } from '../../core/fixes/preferred-fixes';
import type { Analysis } from '../../core/analysis';
import { pathToUri } from '../../core/workspace/uris';
import { DiskTextCache, diskProvider } from '../disk-provider';
import { applyEdits } from '../../core/edits';
import { uriToPath } from '../../core/workspace/uris';
import { analyzeSingleFile } from './single-file';
import { displayPath, rootsFor } from './check';

const HELP = `Usage: strap fix FILE [--write | --check | --diff] [--preferred] [--root DIR] [--files GLOB...]

Computes the build-depends-bootstrapN annotations that break every unbroken
build-dependency cycle and applies them as minimal text edits that keep
comments and layout. Fix-all annotates as few packages as it can find (a proven
minimum on small clusters), then drops as few dependencies as it can; it says
how many annotations it made and how many at least are needed. Without
--write, prints the fixed text of each changed file. FILE may be a folder:
its bootstrap.{yaml,yml,json,jsonc}.

Options:
  --write       write the changes back to the files
  --check       print nothing; exit 1 when a file would change (for CI)
  --diff        print the changes as a unified diff; exit 1 when there are any
  --preferred   instead of fix-all, apply every error's preferred quick fix
                once, in document order, re-checking after each (what
                clicking through the errors in an editor gives)
  --root DIR    workspace root; nothing outside it is read or written
  --files GLOB  a glob of bootstrap files an 'include' may name, relative to
                the workspace root (no '/': any file name); repeatable
                (default: bootstrap.{yaml,yml,json,jsonc} and
                *.bootstrap.{yaml,yml,json,jsonc})
`;

export async function runFix(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    write: { type: 'boolean' },
    check: { type: 'boolean' },
    diff: { type: 'boolean' },
    preferred: { type: 'boolean' },
    root: { type: 'string' },
    files: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if ([values.write, values.check, values.diff].filter(Boolean).length > 1) throw new UsageError('give only one of --write, --check, --diff');
  const { analysis, uri } = analyzeSingleFile(positionals, io.cwd, values.root, fileGlobs(values.files));
  if (values.preferred) return runPreferred(analysis, uri, values, io);
  const computed = fixAllWithResult(analysis, uri);
  if (!computed || computed.fix.changes.every((c) => c.edits.length === 0)) {
    io.err('nothing to fix: no unbroken build-dependency cycle\n');
    if (!values.write && !values.check && !values.diff) io.out(analysis.documents.get(uri)!.text);
    return 0;
  }
  const { fix, result } = computed;
  if (values.check || values.diff) {
    for (const change of fix.changes) {
      const doc = analysis.documents.get(change.uri)!;
      const shown = displayPath(uriToPath(change.uri), io.cwd);
      if (values.diff) io.out(unifiedDiff(doc.text, applyEdits(doc.text, change.edits), `a/${shown}`, `b/${shown}`));
      else io.err(`would fix ${shown}: ${change.edits.length} edit${change.edits.length === 1 ? '' : 's'}\n`);
    }
    return 1;
  }
  io.err(`fix-all: ${fixAllCount(result)}, ${fixAllDropped(result)}\n`);
  const texts = new Map<string, string>();
  for (const change of fix.changes) texts.set(change.uri, applyEdits(analysis.documents.get(change.uri)!.text, change.edits));
  writeOrPrint(texts, values.write === true, io);
  return 0;
}

function writeOrPrint(texts: Map<string, string>, write: boolean, io: CommandIO): void {
  for (const [uri, fixed] of texts) {
    const shown = displayPath(uriToPath(uri), io.cwd);
    if (write) {
      // The provider strips a byte-order mark; put it back where the file had one.
      const bom = fs.readFileSync(uriToPath(uri), 'utf8').charCodeAt(0) === 0xfeff ? '\ufeff' : '';
      fs.writeFileSync(uriToPath(uri), bom + fixed);
      io.err(`fixed ${shown}\n`);
    } else {
      if (texts.size > 1) io.out(`--- ${shown}\n`);
      io.out(fixed);
    }
  }
}

function runPreferred(analysis: Analysis, uri: string, values: { write?: boolean; root?: string; files?: string[] }, io: CommandIO): number {
  const roots = rootsFor([uriToPath(uri)], io.cwd, values.root).map(pathToUri);
  const result = applyPreferredFixes([uri], diskProvider(roots, new DiskTextCache()), { roots, files: fileGlobs(values.files) });
  for (const title of result.applied) io.err(`applied: ${title}\n`);
  if (result.texts.size === 0) {
    io.err('nothing to fix: no error has a preferred fix\n');
    if (!values.write) io.out(analysis.documents.get(uri)!.text);
    return 0;
  }
  writeOrPrint(result.texts, values.write === true, io);
  return 0;
}
