// File URIs are the identity of every document in the core. Paths are
// derived from them only where the file system is touched.

import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

export function pathToUri(p: string): string {
  return pathToFileURL(path.resolve(p)).href;
}

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function dirnameUri(uri: string): string {
  return pathToUri(path.dirname(uriToPath(uri)));
}

/** Resolve a path written in a file (relative to `baseDirUri`, or `@/…` relative to the project root). */
export function resolveReference(written: string, baseDirUri: string, projectRootUri: string): string {
  if (written.startsWith('@/')) return pathToUri(path.join(uriToPath(projectRootUri), written.slice(2)));
  return pathToUri(path.resolve(uriToPath(baseDirUri), written));
}

/** Whether `uri` is `rootUri` or lies below it. */
export function isInside(uri: string, rootUri: string): boolean {
  const child = uriToPath(uri);
  const root = uriToPath(rootUri);
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const BOOTSTRAP_FILE = /(^|[\\/])(bootstrap|[^\\/]+\.bootstrap)\.(ya?ml|jsonc?)$/i;

/** The default file patterns: `bootstrap.{yaml,yml,json,jsonc}` and `*.bootstrap.{…}`. */
export function isBootstrapFileName(p: string): boolean {
  return BOOTSTRAP_FILE.test(p);
}
