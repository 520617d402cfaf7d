// The editor's open buffers, and the SourceProvider the analysis reads
// through: open buffers over the disk, confined to the workspace roots
// (symbolic links resolved; nothing outside a root is ever read).

import { TextDocuments } from 'vscode-languageserver/node';
import { BufferDocument } from './buffer-document';
import type { PieceText } from '../core/text/piece-text';
import type { SourceProvider } from '../core/workspace/source-provider';
import { isInside, pathToUri, uriToPath } from '../core/workspace/uris';
import { diskProvider, type DiskTextCache } from '../cli/disk-provider';

/**
 * One spelling per file. Clients differ in how they escape file URIs
 * (`%40` or `@`, a trailing slash, a drive letter's case); the core compares
 * URIs as strings, so every URI that enters the server is normalised, and
 * every URI that leaves it is turned back into the client's spelling.
 */
export function normalizeUri(uri: unknown): string {
  if (typeof uri !== 'string') return '';
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToUri(uriToPath(uri));
  } catch {
    return uri;
  }
}

export class OpenDocuments {
  readonly store = new TextDocuments<BufferDocument>({ create: BufferDocument.create, update: BufferDocument.update });
  /** Normalised URI -> the URI the client opened it with. */
  private readonly clientUris = new Map<string, string>();

  constructor() {
    this.store.onDidOpen((e) => this.clientUris.set(normalizeUri(e.document.uri), e.document.uri));
    this.store.onDidClose((e) => this.clientUris.delete(normalizeUri(e.document.uri)));
  }

  get(uri: string): BufferDocument | undefined {
    const client = this.clientUris.get(normalizeUri(uri));
    return client === undefined ? undefined : this.store.get(client);
  }

  /** The open documents' normalised URIs. */
  uris(): string[] {
    return [...this.clientUris.keys()];
  }

  /** The URI to send to the client for a (normalised) URI. */
  clientUri(uri: string): string {
    return this.clientUris.get(uri) ?? this.knownClientUris.get(uri) ?? uri;
  }

  /** URIs the client used for files it did not open (e.g. watched-file events). */
  private readonly knownClientUris = new Map<string, string>();
  remember(clientUri: string): string {
    const uri = normalizeUri(clientUri);
    if (uri && uri !== clientUri) this.knownClientUris.set(uri, clientUri);
    return uri;
  }

  version(uri: string): number | undefined {
    return this.get(uri)?.version;
  }

  /**
   * The text as the client sent it (a client may open a document with a text
   * that is not a string: then none). A byte order mark the client kept stays:
   * the client counts positions in its own text, BOM included (the core
   * parses around it), so stripping it here shifted every range on line 0.
   */
  text(uri: string): string | undefined {
    const doc = this.get(uri);
    return doc?.source ? doc.getText() : undefined;
  }

  /**
   * The same text as the analysis reads it: pieces that know the edits that
   * made them, joined only by whoever needs the whole (see piece-text.ts).
   */
  source(uri: string): PieceText | undefined {
    return this.get(uri)?.source;
  }

  /** The length of the text as the client sent it, without copying it (0 when not open). */
  textLength(uri: string): number {
    return this.source(uri)?.length ?? 0;
  }
}

/**
 * A provider for one analysis: open buffers first, then the disk, both only
 * inside `roots` (a root may be a folder or a single file). An open buffer
 * whose file on disk is a symbolic link leading outside every root is not
 * read either. With `diskTexts`, a file read before and unchanged on disk
 * (same modification time, size and inode) gives the same string again.
 */
export function overlayProvider(docs: OpenDocuments, roots: string[], diskTexts?: DiskTextCache): SourceProvider {
  const disk = diskProvider(roots, diskTexts);
  const inRoots = (uri: string) => roots.some((root) => isInside(uri, root));
  const bufferReadable = (uri: string): boolean => {
    if (!inRoots(uri)) return false;
    const real = disk.realUri(uri);
    return real === undefined || inRoots(real);
  };
  return {
    read(uri) {
      if (roots.length === 0) return undefined;
      const text = docs.source(uri);
      if (text !== undefined) return bufferReadable(uri) ? text : undefined;
      return disk.read(uri);
    },
    exists(uri) {
      if (roots.length === 0) return false;
      if (docs.get(uri) && bufferReadable(uri)) return true;
      return disk.exists(uri);
    },
    realUri(uri) {
      if (roots.length === 0) return undefined;
      const real = disk.realUri(uri);
      if (real !== undefined) return real;
      return docs.get(uri) ? uri : undefined;
    },
  };
}
