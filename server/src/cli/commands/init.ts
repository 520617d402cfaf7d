// `strap init [FILE] [--kind env|distro]`: write a starter bootstrap file,
// never over an existing one.

import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { oneOf, parseOptions, UsageError, type CommandIO } from '../command-io';
import { STARTER_DESCRIPTION, STARTER_KINDS, STARTER_TEXT } from '../starter-files';
import { isBootstrapFileName } from '../../core/workspace/uris';
import { displayPath } from './check';

const HELP = `Usage: strap init [FILE] [--kind env|distro]

Writes a starter bootstrap file (default: bootstrap.yaml in the current
folder), clean under 'strap check'. Refuses to overwrite an existing file.
A FILE ending in .json or .jsonc gets the same content as JSON.

Options:
  --kind env       ${STARTER_DESCRIPTION.env}
                   (the default)
  --kind distro    ${STARTER_DESCRIPTION.distro}
  -h, --help       this help
`;

export async function runInit(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    kind: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`takes one FILE, not ${positionals.length}`);
  const kind = oneOf(values.kind, STARTER_KINDS, 'kind', 'env');
  const target = path.resolve(io.cwd, positionals[0] ?? 'bootstrap.yaml');
  const shown = displayPath(target, io.cwd);
  if (!/\.(ya?ml|jsonc?)$/i.test(target)) throw new UsageError(`'${shown}' should end in .yaml, .yml, .json or .jsonc`);
  const yaml = STARTER_TEXT[kind];
  const text = /\.jsonc?$/i.test(target) ? JSON.stringify(YAML.parse(yaml), null, 2) + '\n' : yaml;
  try {
    // 'wx': fails when the file exists, with no window between a check and the write.
    fs.writeFileSync(target, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`'${shown}' already exists; strap init does not overwrite it (name another FILE)`);
    if (code === 'ENOENT') throw new UsageError(`no such folder '${displayPath(path.dirname(target), io.cwd)}'`);
    throw new UsageError(`cannot write '${shown}': ${(error as Error).message}`);
  }
  io.err(`wrote ${shown}: ${STARTER_DESCRIPTION[kind]}\n`);
  if (!isBootstrapFileName(target)) io.err(`note: 'strap check DIR' finds it only by a bootstrap name (bootstrap.yaml, NAME.bootstrap.yaml) or with --files; name it on the command line meanwhile\n`);
  io.err(`next: strap check ${shown} && strap plan ${shown}\n`);
  return 0;
}
