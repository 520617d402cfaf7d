// The archive of `strap.debian.archive`, loaded once in the background and
// kept per file (path and modification time): a debian/control document is
// analysed without it until it is ready, then again with it.

import * as path from 'path';
import { promises as fs } from 'fs';
import type { ControlArchiveView } from '../../core/debian-control';
import { loadArchiveContext } from '../../cli/archive-files';
import { uriToPath } from '../../core/workspace/uris';
import type { ServerContext } from '../context';

interface Loaded {
  key: string;
  view: ControlArchiveView | undefined;
}

export class ArchiveLoader {
  private loaded: Loaded | undefined;
  private loading: { key: string; promise: Promise<void> } | undefined;
  private wanted = false;

  constructor(private readonly ctx: ServerContext, private readonly onLoaded: () => void) {}

  /** The configured archive path, absolute (a relative one is taken from the first workspace folder). */
  private configuredPath(): string | undefined {
    const setting = this.ctx.settings.debian?.archive;
    if (!setting) return undefined;
    if (setting.startsWith('file:')) return uriToPath(setting);
    if (path.isAbsolute(setting)) return setting;
    const folder = this.ctx.folders[0];
    return folder ? path.resolve(uriToPath(folder), setting) : undefined;
  }

  /** A debian/control document is open: load the archive if one is configured. */
  want(): void {
    this.wanted = true;
    this.ensure();
  }

  settingsChanged(): void {
    if (this.wanted) this.ensure();
  }

  /** The loaded archive of the current setting, if it is ready. */
  view(): ControlArchiveView | undefined {
    const file = this.configuredPath();
    if (!file || !this.loaded || !this.loaded.key.startsWith(`${file}\u0000`)) return undefined;
    return this.loaded.view;
  }

  private ensure(): void {
    const file = this.configuredPath();
    if (!file) return;
    void (async () => {
      let key: string;
      try {
        const stat = await fs.stat(file);
        key = `${file}\u0000${stat.mtimeMs}\u0000${stat.size}`;
      } catch (error) {
        this.ctx.log(`strap.debian.archive: cannot read ${file}: ${(error as Error).message}`);
        return;
      }
      if (this.loaded?.key === key || this.loading?.key === key) return;
      const started = Date.now();
      const promise = loadArchiveContext(file).then(
        (archive) => {
          // What every edit shares (the layered graph, the archive's install bookkeeping) is made with the load.
          const view = archive.prepare();
          this.loaded = { key, view };
          this.ctx.log(`strap.debian.archive: loaded ${file} in ${Date.now() - started} ms`);
        },
        (error) => {
          this.loaded = { key, view: undefined };
          this.ctx.log(`strap.debian.archive: cannot load ${file}: ${(error as Error).message}`);
        },
      ).finally(() => {
        if (this.loading?.key === key) this.loading = undefined;
        this.onLoaded();
      });
      this.loading = { key, promise };
    })();
  }
}
