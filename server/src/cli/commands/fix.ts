// `strap fix FILE [--write]`: apply the fix-all edits — the annotations that
// break every unbroken cycle — printing the result, or writing it back.

import * as fs from 'fs';
import { fileGlobs, parseOptions, type CommandIO } from '../command-io';
import { fixAll } from '../../core/fixes/fix-all';
import { applyEdits } from '../../core/edits';
import { uriToPath } from '../../core/workspace/uris';
import { analyzeSingleFile } from './single-file';
import { displayPath } from './check';

const HELP = `Usage: strap fix FILE [--write] [--root DIR] [--files GLOB...]

Computes the build-depends-bootstrapN annotations that break every unbroken
build-dependency cycle (few annotations, chosen by a feedback-arc-set
heuristic) and applies them as minimal text edits that keep comments and
layout. Without --write, prints the fixed text of each changed file.

Options:
  --write       write the changes back to the files
  --root DIR    workspace root; nothing outside it is read or written
  --files GLOB  a glob of bootstrap files an 'include' may name, relative to
                the workspace root (no '/': any file name); repeatable
                (default: bootstrap.{yaml,yml,json,jsonc} and
                *.bootstrap.{yaml,yml,json,jsonc})
`;

export async function runFix(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    write: { type: 'boolean' },
    root: { type: 'string' },
    files: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const { analysis, uri } = analyzeSingleFile(positionals, io.cwd, values.root, fileGlobs(values.files));
  const fix = fixAll(analysis, uri);
  if (!fix || fix.changes.every((c) => c.edits.length === 0)) {
    io.err('nothing to fix: no unbroken build-dependency cycle\n');
    if (!values.write) io.out(analysis.documents.get(uri)!.text);
    return 0;
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
