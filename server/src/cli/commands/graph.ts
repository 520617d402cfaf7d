// `strap graph FILE`: the build graph, or only its cycles, as DOT or Mermaid.

import { fileGlobs, oneOf, parseOptions, type CommandIO } from '../command-io';
import { renderWorkspaceGraph } from '../../core/render/workspace';
import { analyzeSingleFile } from './single-file';

const HELP = `Usage: strap graph FILE [--cycles] [--format dot|mermaid|json] [--root DIR] [--files GLOB...]

Prints the build graph of FILE and the files it includes: build-depends as
solid edges, runtime depends as dotted ones; unbroken cycles in red, cycles
that bootstrap stages break in orange; and the stage chain (each stage's
interpreter, the handoff that starts it, the env it creates, restart-from
loops dashed). FILE may be a folder: its bootstrap.{yaml,yml,json,jsonc}.

Options:
  --cycles                  only the packages in cycles and the edges between them
  --format dot|mermaid|json output format (default: dot); json: {packages,
                            edges, stages, envs}
  --root DIR                workspace root; nothing outside it is read
  --files GLOB              a glob of more bootstrap files an 'include' may
                            name, relative to the workspace root (no '/': a
                            file name in any folder); repeatable.
                            bootstrap.{yaml,yml,json,jsonc} and
                            *.bootstrap.{yaml,yml,json,jsonc} always count
`;

export async function runGraph(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    cycles: { type: 'boolean' },
    format: { type: 'string' },
    root: { type: 'string' },
    files: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['dot', 'mermaid', 'json'] as const, 'format', 'dot');
  const { workspace } = analyzeSingleFile(positionals, io.cwd, values.root, fileGlobs(values.files));
  io.out(renderWorkspaceGraph(workspace, { format, cyclesOnly: !!values.cycles }));
  return 0;
}
