// How the core reads files: through a provider the caller supplies, so the
// analysis stays a pure function of a snapshot (open editor buffers over the
// disk in the server, the disk alone in the CLI, a map in tests).

import type { SourceText } from '../text/piece-text';

export interface SourceProvider {
  /** The document's text, or undefined when there is no such file. An open buffer's may be a PieceText (compared by identity). */
  read(uri: string): SourceText | undefined;
  /** Whether a (non-document) file exists, e.g. a `run` script. */
  exists(uri: string): boolean;
  /** The URI with symlinks resolved, or undefined when absent. Used to keep reads inside the root. */
  realUri(uri: string): string | undefined;
}

/** A provider over an in-memory map, for tests and for buffers not on disk. */
export function memoryProvider(files: Record<string, SourceText>, extraFiles: string[] = []): SourceProvider {
  const others = new Set(extraFiles);
  return {
    read: (uri) => files[uri],
    exists: (uri) => uri in files || others.has(uri),
    realUri: (uri) => (uri in files || others.has(uri) ? uri : undefined),
  };
}
