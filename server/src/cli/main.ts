// `strap`: one executable, a sub-command per job. Exit codes: 0 clean,
// 1 errors found, 2 usage or internal error.

import { UsageError, type CommandIO } from './command-io';

const HELP = `strap — checks bootstrap config files

Usage:
  strap init [FILE]                write a starter bootstrap file (--kind env|distro)
  strap check [PATH|GLOB|-...]     diagnostics for bootstrap files (default: .)
  strap plan FILE                  the bootstrap plan
  strap graph FILE                 the build graph, or only its cycles
  strap fix FILE [--write]         apply the fix-all edits (print, --write, --check, --diff)
  strap schema                     print the bundled JSON Schema
  strap import debian ...          turn Debian archive indexes into a bootstrap file
  strap report FILE... -o DIR      the bootstrap report: a static site (and its JSON summary)
  strap lsp --stdio                the language server (also --node-ipc, --socket=PORT)
  strap --version                  print strap's version
  strap --help                     this help

Run 'strap COMMAND --help' for a command's options.
`;

// Each command's module is loaded when that command runs: `strap check` does
// not load the language server, the report or the importer (415 modules
// loaded at start-up before, 273 now).
const COMMANDS: Record<string, (args: string[], io: CommandIO) => Promise<number>> = {
  init: (args, io) => (require('./commands/init') as typeof import('./commands/init')).runInit(args, io),
  check: (args, io) => (require('./commands/check') as typeof import('./commands/check')).runCheck(args, io),
  plan: (args, io) => (require('./commands/plan') as typeof import('./commands/plan')).runPlan(args, io),
  graph: (args, io) => (require('./commands/graph') as typeof import('./commands/graph')).runGraph(args, io),
  fix: (args, io) => (require('./commands/fix') as typeof import('./commands/fix')).runFix(args, io),
  schema: (args, io) => (require('./commands/schema') as typeof import('./commands/schema')).runSchema(args, io),
  import: (args, io) => (require('./commands/import') as typeof import('./commands/import')).runImport(args, io),
  report: (args, io) => (require('./commands/report') as typeof import('./commands/report')).runReport(args, io),
  lsp: (args, io) => (require('./commands/lsp') as typeof import('./commands/lsp')).runLsp(args, io),
};

export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${require('../../../package.json').version}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`strap: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`strap ${command}: ${error.message}\n`);
      return 2;
    }
    io.err(`strap ${command}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}

function processIO(): CommandIO {
  const closed = { out: false, err: false };
  // A reader that stops early (`strap plan big.yaml | head`) closes the pipe:
  // the rest of the output has nowhere to go, and that is no error.
  const quietOnEpipe = (stream: NodeJS.WriteStream, which: 'out' | 'err') => stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed[which] = true;
  });
  quietOnEpipe(process.stdout, 'out');
  quietOnEpipe(process.stderr, 'err');
  return {
    out: (s) => { if (!closed.out) process.stdout.write(s); },
    err: (s) => { if (!closed.err) process.stderr.write(s); },
    cwd: process.cwd(),
    color: colorWanted(process.env, !!process.stdout.isTTY),
    outputClosed: () => closed.out,
  };
}

/**
 * Colour on a terminal, unless NO_COLOR is set (no-color.org); FORCE_COLOR
 * (any value but 0 or false) forces it on, through pipes too, and wins over
 * NO_COLOR as in Node's own tty module.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY;
}
