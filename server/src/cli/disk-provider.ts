// The CLI reads the disk, and nothing outside the roots it was given.

import * as fs from 'fs';
import type { SourceProvider } from '../core/workspace/source-provider';
import { isInside, pathToUri, uriToPath } from '../core/workspace/uris';

const MAX_FILE_BYTES = 256 * 1024 * 1024;

export function diskProvider(roots: string[]): SourceProvider {
  const inRoots = (uri: string) => roots.length === 0 || roots.some((r) => isInside(uri, r));
  const realUri = (uri: string): string | undefined => {
    try { return pathToUri(fs.realpathSync(uriToPath(uri))); } catch { return undefined; }
  };
  return {
    read(uri) {
      const real = realUri(uri);
      if (!real || !inRoots(uri) || !inRoots(real)) return undefined;
      try {
        const stat = fs.statSync(uriToPath(real));
        if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
        return stripBom(fs.readFileSync(uriToPath(real), 'utf8'));
      } catch {
        return undefined;
      }
    },
    exists(uri) {
      const real = realUri(uri);
      return !!real && inRoots(real);
    },
    realUri,
  };
}

// A byte-order mark is not content; positions are counted after it, as editors do.
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
