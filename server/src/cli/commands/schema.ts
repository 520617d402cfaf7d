// `strap schema`: print the bundled JSON Schema.

import * as fs from 'fs';
import { SCHEMA_PATH } from '../../core/schema/bundled-schema';
import { parseOptions, type CommandIO } from '../command-io';

export async function runSchema(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseOptions(args, { help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    io.out('Usage: strap schema\n\nPrints the bundled JSON Schema (draft 2020-12) of bootstrap files.\n');
    return 0;
  }
  io.out(fs.readFileSync(SCHEMA_PATH, 'utf8'));
  return 0;
}
