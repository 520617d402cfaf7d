// Reading the archive a debian/control file is placed in (`strap check
// --archive`, the `strap.debian.archive` setting): a folder holding the
// Sources and Packages indexes (plain or gzip), or a file written by
// `strap import debian` with the Packages index beside it (it maps binary
// names to sources). Read once per file by the callers' caches.

import * as fs from 'fs';
import * as path from 'path';
import { readIndexFile } from '../import/debian';
import { ControlArchive } from '../core/debian-control/archive-context';

function firstExisting(dir: string, names: string[]): string | undefined {
  for (const n of names) {
    const p = path.join(dir, n);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export async function loadArchiveContext(file: string, arch = 'amd64'): Promise<ControlArchive> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`${file}: no such file or folder`);
  }
  const dir = stat.isDirectory() ? file : path.dirname(file);
  const packages = firstExisting(dir, ['Packages', 'Packages.gz']);
  if (!packages) throw new Error(`no Packages index in ${dir} (it says which source builds which binary)`);
  const packagesText = await readIndexFile(packages);
  if (stat.isDirectory()) {
    const sources = firstExisting(dir, ['Sources', 'Sources.gz']);
    if (!sources) throw new Error(`no Sources index in ${dir}`);
    return new ControlArchive({ sourcesText: await readIndexFile(sources), packagesText, arch });
  }
  if (/^Sources(\.gz)?$/.test(path.basename(file))) return new ControlArchive({ sourcesText: await readIndexFile(file), packagesText, arch });
  return new ControlArchive({ bootstrapText: await readIndexFile(file), packagesText, arch });
}
