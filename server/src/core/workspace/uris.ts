// File URIs are the identity of every document in the core. Paths are
// derived from them only where the file system is touched.

import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

// Both conversions are pure and costly (a URL is parsed or built), and an
// analysis of a group of hundreds of files makes them thousands of times over
// the same few names: the last results are kept, a bounded number.
const MEMO_LIMIT = 8192;
const uris = new Map<string, string>();
const paths = new Map<string, string>();

function remembered(memo: Map<string, string>, key: string, compute: (key: string) => string): string {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute(key);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
  }
  return value;
}

export function pathToUri(p: string): string {
  // path.resolve depends on the working directory for a relative path.
  if (!path.isAbsolute(p)) return pathToFileURL(path.resolve(p)).href;
  return remembered(uris, p, (absolute) => pathToFileURL(path.resolve(absolute)).href);
}

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? remembered(paths, uri, fileURLToPath) : uri;
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
