// `strap fix FILE [--write]`: apply the fix-all edits — the annotations that
// break every unbroken cycle — printing the result, or writing it back.

import * as fs from 'fs';
import { fileGlobs, parseOptions, UsageError, type CommandIO } from '../command-io';
import { unifiedDiff } from '../format/unified-diff';
import { fixAll } from '../../core/fixes/fix-all';
import { applyEdits } from '../../core/edits';
import { uriToPath } from '../../core/workspace/uris';
import { analyzeSingleFile } from './single-file';
import { displayPath } from './check';

const HELP = `Usage: strap fix FILE [--write | --check | --diff] [--root DIR] [--files GLOB...]

Computes the build-depends-bootstrapN annotations that break every unbroken
build-dependency cycle (few annotations, chosen by a feedback-arc-set
heuristic) and applies them as minimal text edits that keep comments and
layout. Without --write, prints the fixed text of each changed file. FILE
may be a folder: its bootstrap.{yaml,yml,json,jsonc}.

Options:
  --write       write the changes back to the files
  --check       print nothing; exit 1 when a file would change (for CI)
  --diff        print the changes as a unified diff; exit 1 when there are any
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
  const fix = fixAll(analysis, uri);
  if (!fix || fix.changes.every((c) => c.edits.length === 0)) {
    io.err('nothing to fix: no unbroken build-dependency cycle\n');
    if (!values.write && !values.check && !values.diff) io.out(analysis.documents.get(uri)!.text);
    return 0;
  }
  if (values.check || values.diff) {
    for (const change of fix.changes) {
      const doc = analysis.documents.get(change.uri)!;
      const shown = displayPath(uriToPath(change.uri), io.cwd);
      if (values.diff) io.out(unifiedDiff(doc.text, applyEdits(doc.text, change.edits), `a/${shown}`, `b/${shown}`));
      else io.err(`would fix ${shown}: ${change.edits.length} edit${change.edits.length === 1 ? '' : 's'}\n`);
    }
    return 1;
  }
  for (const change of fix.changes) {
    const doc = analysis.documents.get(change.uri)!;
    const fixed = applyEdits(doc.text, change.edits);
    const shown = displayPath(uriToPath(change.uri), io.cwd);
    if (values.write) {
      // The provider strips a byte-order mark; put it back where the file had one.
      const bom = fs.readFileSync(uriToPath(change.uri), 'utf8').charCodeAt(0) === 0xfeff ? '\ufeff' : '';
      fs.writeFileSync(uriToPath(change.uri), bom + fixed);
      io.err(`fixed ${shown}: ${change.edits.length} edit${change.edits.length === 1 ? '' : 's'}\n`);
    } else {
      if (fix.changes.length > 1) io.out(`--- ${shown}\n`);
      io.out(fixed);
    }
  }
  return 0;
}
