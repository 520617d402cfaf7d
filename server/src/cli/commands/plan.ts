// `strap plan FILE`: the bootstrap plan (docs/format.md, "The plan").

import { fileGlobs, oneOf, parseOptions, type CommandIO } from '../command-io';
import { renderPlan } from '../../core/render/plan';
import { analyzeSingleFile } from './single-file';

const HELP = `Usage: strap plan FILE [--format text|json|mermaid|dot] [--root DIR] [--files GLOB...]

Prints the deterministic bootstrap plan of FILE and the files it includes:
the stage chain (when the files have stages), the waves of the bootstrap
phase (stage-N builds first where cycles need them), the rebuilds of tainted
builds, the packages stuck, the bootstrap stages never used, and the
percentage of packages that can be bootstrapped. FILE may be a folder: its
bootstrap.{yaml,yml,json,jsonc}. The rules: docs/format.md, "The plan".

Options:
  --format text|json|mermaid|dot   output format (default: text)
  --root DIR                       workspace root; nothing outside it is read
  --files GLOB                     a glob of more bootstrap files an
                                   'include' may name, relative to the
                                   workspace root (no '/': a file name in any
                                   folder); repeatable. bootstrap.{yaml,yml,
                                   json,jsonc} and *.bootstrap.{yaml,yml,json,
                                   jsonc} always count

Exit status: 0 when every package can be built fully, 1 when some are stuck.
`;

export async function runPlan(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string' },
    root: { type: 'string' },
    files: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['text', 'json', 'mermaid', 'dot'] as const, 'format', 'text');
  const { workspace } = analyzeSingleFile(positionals, io.cwd, values.root, fileGlobs(values.files));
  io.out(renderPlan(workspace, format));
  return workspace.plan.stuck.length ? 1 : 0;
}
