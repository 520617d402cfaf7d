// The CLI reads the disk, and nothing outside the roots it was given.

import * as fs from 'fs';
import type { SourceProvider } from '../core/workspace/source-provider';
import { isInside, pathToUri, uriToPath } from '../core/workspace/uris';
import { SCHEMA_DECLARATION_HEAD } from '../core/workspace/bootstrap-files';
import { withoutByteOrderMark } from '../core/text/byte-order-mark';

const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Texts read before, by real path, with the modification time and size they
 * had: a caller that reads the same files again and again (the language
 * server, once per analysis) gets the same string back while the file is
 * unchanged — no read, and the analysis recognises the text by identity.
 */
export class DiskTextCache {
  private readonly texts = new Map<string, { mtimeMs: number; size: number; ino: number; text: string }>();

  get(file: string, stat: fs.Stats): string | undefined {
    const hit = this.texts.get(file);
    return hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && hit.ino === stat.ino ? hit.text : undefined;
  }

  set(file: string, stat: fs.Stats, text: string): void {
    this.texts.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino, text });
  }

  /** Keep only the files `keep` says are still wanted. */
  retain(keep: (file: string) => boolean): void {
    for (const file of [...this.texts.keys()]) if (!keep(file)) this.texts.delete(file);
  }

  get size(): number {
    return this.texts.size;
  }
}

/**
 * The disk as one analysis sees it: only inside `roots`, with a file's real
 * path (symbolic links resolved) looked up once and each file's answer kept
 * for the provider's life. A caller makes a provider per analysis (the
 * language server, `strap check --watch`): a group of hundreds of included
 * files is asked about each of them several times per analysis, and every
 * question used to walk the path component by component again.
 */
export function diskProvider(roots: string[], cache?: DiskTextCache): SourceProvider {
  const inRoots = (uri: string) => roots.length === 0 || roots.some((r) => isInside(uri, r));
  const realUris = new Map<string, string | undefined>();
  const texts = new Map<string, string | undefined>();
  const realUri = (uri: string): string | undefined => {
    if (realUris.has(uri)) return realUris.get(uri);
    let real: string | undefined;
    try { real = pathToUri(fs.realpathSync.native(uriToPath(uri))); } catch { real = undefined; }
    realUris.set(uri, real);
    return real;
  };
  const readNow = (uri: string): string | undefined => {
    const real = realUri(uri);
    if (!real || !inRoots(uri) || !inRoots(real)) return undefined;
    try {
      const file = uriToPath(real);
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      const known = cache?.get(file, stat);
      if (known !== undefined) return known;
      // A byte-order mark is not content; positions are counted after it, as editors do.
      const text = withoutByteOrderMark(fs.readFileSync(file, 'utf8'));
      cache?.set(file, stat, text);
      return text;
    } catch {
      return undefined;
    }
  };
  return {
    read(uri) {
      if (texts.has(uri)) return texts.get(uri);
      const text = readNow(uri);
      texts.set(uri, text);
      return text;
    },
    exists(uri) {
      const real = realUri(uri);
      return !!real && inRoots(real);
    },
    realUri,
  };
}

/**
 * The beginning of a file (what isBootstrapFile searches for a schema
 * declaration), or undefined when it cannot be read.
 */
export function readHead(filePath: string, chars = SCHEMA_DECLARATION_HEAD): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(filePath, 'r');
    const buffer = Buffer.alloc(chars * 4);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return withoutByteOrderMark(buffer.subarray(0, n).toString('utf8')).slice(0, chars);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
