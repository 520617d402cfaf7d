// One analysis of a small in-memory document once the client has the
// initialize result, while it is still sending its settings: ajv compiles the schema's validators
// (about 60 ms) and the analysis code gets compiled by V8, so the first real
// document does not pay for either. Nothing is read from disk.

import { analyze } from '../core/analysis';
import { memoryProvider } from '../core/workspace/source-provider';
import type { ServerContext } from './context';

const ROOT = 'strap-warm-up:///';
const URI = `${ROOT}warm-up.bootstrap.yaml`;
const DOCUMENT = [
  'version: 1',
  'packages:',
  '  cc: {build-depends: [libc], build-depends-bootstrap1: []}',
  '  libc: {build-depends: [cc, make]}',
  '  make: {build-depends: [libc], depends: [libc], description: warm-up}',
  '  tool: {build-depends: [nosuch]}',
  '',
].join('\n');

export function warmUp(ctx: ServerContext): void {
  setImmediate(() => {
    if (ctx.shutdownRequested) return;
    try {
      analyze([URI], memoryProvider({ [URI]: DOCUMENT }), { roots: [ROOT] });
    } catch (error) {
      ctx.logError('warm-up analysis failed', error);
    }
  });
}
