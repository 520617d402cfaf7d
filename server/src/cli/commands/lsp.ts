// `strap lsp --stdio|--node-ipc|--socket=PORT`: the language server. The
// returned promise stays pending while the server runs; the server ends the
// process itself (on `exit`, or when the client's streams close or the
// client process dies).

import { UsageError, type CommandIO } from '../command-io';
import { createTransportConnection, startServer, type Transport } from '../../lsp/server';
import { DEFAULT_HEAP_GROWTH_PERCENT } from '../../lsp/heap-policy';

const HELP = `Usage: strap lsp --stdio | --node-ipc | --socket=PORT | --pipe=NAME

Runs the strap language server, speaking the Language Server Protocol over:
  --stdio                  standard input and output
  --node-ipc               Node's IPC channel (the client forked this process)
  --socket=PORT            a TCP socket on 127.0.0.1:PORT the client listens on
  --pipe=NAME              a named pipe or Unix socket the client listens on

Options:
  --clientProcessId=PID    exit when this process is gone (also read from 'initialize')
  --heap-growth=PERCENT    for workspaces of 2.5 MB of bootstrap text and more, let the
                           heap grow by PERCENT between full garbage collections, and
                           collect in full after every third analysis in the next pause
                           of a second without one, or after the fourth (default: ${DEFAULT_HEAP_GROWTH_PERCENT}; 0: Node's own policy, faster,
                           up to 4× the memory)
  -h, --help               this help

Settings (workspace/configuration section 'strap', or didChangeConfiguration;
severity, files and projectRoot are read per workspace folder when the client
answers workspace/configuration):
  strap.severity           { "<code>": "error|warning|information|hint|off" }
  strap.files              globs of more bootstrap files, relative to the workspace folder
                           (no '/': a file name in any folder), also for 'include'
                           (bootstrap.{yaml,yml,json,jsonc} and *.bootstrap.{yaml,yml,json,jsonc}
                           always count)
  strap.inlayHints.enable  show each package's wave in the plan (default: true)
  strap.debounceMs         delay before analysing after an edit (default: 150)
  strap.cycleErrorsPerCluster
                           of a cycle cluster too big for an error per cycle, how many
                           marked packages get build-cycle errors (default: 100; 0: all)
  strap.projectRoot        the folder '@/' stands for (default: the top-level bootstrap
                           file's folder)
`;

export interface LspOptions {
  transport: Transport;
  heapGrowthPercent: number;
}

export function parseLspArgs(args: string[]): LspOptions | 'help' {
  let transport: Transport | undefined;
  let heapGrowthPercent = DEFAULT_HEAP_GROWTH_PERCENT;
  const set = (t: Transport) => {
    if (transport) throw new UsageError('give only one of --stdio, --node-ipc, --socket=PORT, --pipe=NAME');
    transport = t;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '-h': case '--help': return 'help';
      case '--stdio': set({ kind: 'stdio' }); break;
      case '--node-ipc': set({ kind: 'node-ipc' }); break;
      case '--socket': {
        const v = value();
        const port = Number(v);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--socket needs a port number (1-65535), not '${v}'`);
        set({ kind: 'socket', port });
        break;
      }
      case '--pipe': set({ kind: 'pipe', name: value() }); break;
      case '--heap-growth': {
        const v = value();
        const percent = Number(v);
        if (!/^\d+$/.test(v) || percent > 400) throw new UsageError(`--heap-growth needs a whole percentage from 0 to 400, not '${v}'`);
        heapGrowthPercent = percent;
        break;
      }
      // Read by vscode-languageserver itself from process.argv.
      case '--clientProcessId': value(); break;
      default: throw new UsageError(`unknown option '${arg}'\n\n${HELP}`);
    }
  }
  if (!transport) throw new UsageError(`choose a transport\n\n${HELP}`);
  return { transport, heapGrowthPercent };
}

export async function runLsp(args: string[], io: CommandIO): Promise<number> {
  const options = parseLspArgs(args);
  if (options === 'help') {
    io.out(HELP);
    return 0;
  }
  startServer(createTransportConnection(options.transport), { heapGrowthPercent: options.heapGrowthPercent });
  return new Promise<number>(() => { /* runs until the server exits the process */ });
}
