// `strap import debian`: Debian archive indexes (or one debian/control)
// turned into a bootstrap file.

import * as fs from 'fs';
import * as path from 'path';
import { parseOptions, UsageError, type CommandIO } from '../command-io';
import { importDebian } from '../../import/debian';

const HELP = `Usage: strap import debian (--sources FILE | --control FILE) --packages FILE [options]

Turns Debian's archive indexes into a bootstrap file: each source package
becomes a package whose build-depends are the sources building the binaries
it build-depends on; build profiles <!stageN>/<stageN> become
build-depends-bootstrapN sets; runtime Depends/Pre-Depends give depends.
The core and sources building only Architecture: all binaries are marked
prebuilt; the core is botch-native's minimal set for a native bootstrap: the
sources of the (not Architecture: all) binaries among Essential,
build-essential, apt, sysvinit-core, debhelper and their runtime closure.
Plain and gzip-compressed indexes are read; nothing is fetched.

Options:
  --sources FILE        a Sources index
  --control FILE        one debian/control (instead of --sources)
  --packages FILE       a Packages index (required)
  --arch ARCH           host architecture for [arch] restrictions (default: amd64)
  --profiles P,Q        build profiles active in every build (e.g. nocheck)
  --prebuilt A,B        override the computed prebuilt set
  --core essential      the smaller core strap used first: Essential,
                        build-essential and their runtime closure (default: minimal)
  -o, --output FILE     write the bootstrap file there (default: standard output)
`;

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

export async function runImport(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    sources: { type: 'string' },
    control: { type: 'string' },
    packages: { type: 'string' },
    arch: { type: 'string' },
    profiles: { type: 'string' },
    prebuilt: { type: 'string' },
    core: { type: 'string' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals[0] !== 'debian') throw new UsageError(`the only import format is 'debian' (strap import debian --help)`);
  if (!values.packages) throw new UsageError('--packages FILE is required');
  if (!values.sources === !values.control) throw new UsageError('give exactly one of --sources FILE or --control FILE');
  if (values.core !== undefined && values.core !== 'minimal' && values.core !== 'essential') {
    throw new UsageError(`--core: '${values.core}' is not a core; use 'minimal' (the default) or 'essential'`);
  }
  if (values.core !== undefined && values.prebuilt !== undefined) throw new UsageError('--core chooses the computed prebuilt set, --prebuilt replaces it: give one of them');
  const resolve = (p: string | undefined) => (p === undefined ? undefined : path.resolve(io.cwd, p));
  for (const p of [values.sources, values.control, values.packages]) {
    if (p !== undefined && !fs.existsSync(resolve(p)!)) throw new UsageError(`no such file '${p}'`);
  }
  const result = await importDebian({
    sources: resolve(values.sources),
    control: resolve(values.control),
    packages: resolve(values.packages)!,
    arch: values.arch,
    profiles: list(values.profiles),
    prebuilt: list(values.prebuilt),
    core: values.core as 'minimal' | 'essential' | undefined,
  });
  if (values.output) fs.writeFileSync(resolve(values.output)!, result.text);
  else io.out(result.text);
  const s = result.stats;
  io.err(`imported ${s.sources} sources (${s.packages} packages, ${s.prebuilt} prebuilt, ${s.packagesWithBootstrap} with bootstrap sets); ${s.unresolved} unresolved dependencies\n`);
  return 0;
}
