// The bundled JSON Schema, read once from `schema/` at the package root.
// Nothing is ever fetched: `$id` is an identifier, not a location.

import * as fs from 'fs';
import * as path from 'path';

export const SCHEMA_PATH = path.resolve(__dirname, '../../../../schema/bootstrap.schema.json');

let cached: Record<string, unknown> | undefined;

export function bundledSchema(): Record<string, unknown> {
  if (!cached) cached = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  return cached;
}
