// What a bootstrap file is: the one definition the server's workspace scan,
// `strap check DIR` and the core's include check all use: the default names,
// and whatever the configured globs (`strap.files`, `strap check --files`)
// match, relative to the workspace roots.

import * as path from 'path';
import { Minimatch, type MinimatchOptions } from 'minimatch';
import { isBootstrapFileName, isInside, uriToPath } from './uris';

/** The default names, as messages and help texts spell them. */
export const DEFAULT_BOOTSTRAP_NAMES = 'bootstrap.{yaml,yml,json,jsonc} or *.bootstrap.{yaml,yml,json,jsonc}';

/**
 * Whether the file `uri` is a bootstrap file.
 *
 * - The default names always count: `bootstrap.{yaml,yml,json,jsonc}` and
 *   `*.bootstrap.{yaml,yml,json,jsonc}`.
 * - So does a YAML or JSON file whatever its name whose text (`head`: its
 *   beginning, when the caller can read it) names the strap schema, by a
 *   `$schema` key or a `# yaml-language-server: $schema=` modeline (see
 *   declaresStrapSchema).
 * - Globs add the files they match. A glob without `/` matches the file name in any
 *   folder (`*.yml`); an absolute glob matches the absolute path; any other
 *   glob (a leading `./` dropped) matches the path relative to a root that
 *   contains the file, or, for a file below no root, its name alone. Dot
 *   files match; case matters except on Windows.
 *
 * `roots` are folder URIs (the workspace folders, the CLI's `--root`); a
 * root that is the file itself does not count as containing it.
 */
export function isBootstrapFile(uri: string, globs: readonly string[] | undefined, roots: readonly string[], head?: (uri: string) => string | undefined): boolean {
  if (!uri.startsWith('file:')) return false;
  let p: string;
  try { p = uriToPath(uri); } catch { return false; }
  if (isBootstrapFileName(p)) return true;
  if (matchesGlobs(uri, p, globs, roots)) return true;
  if (!head || !/\.(ya?ml|jsonc?)$/i.test(p)) return false;
  const text = head(uri);
  return text !== undefined && declaresStrapSchema(text);
}

/** How much of a file's beginning is searched for a schema declaration. */
export const SCHEMA_DECLARATION_HEAD = 4096;

/**
 * Whether a YAML or JSON text names the strap schema (a reference whose last
 * segment is `bootstrap.schema.json`: the file in `schema/`, a copy, or its
 * `$id`) within its first SCHEMA_DECLARATION_HEAD characters: in a
 * yaml-language-server modeline (`# yaml-language-server: $schema=…`) or as
 * a `$schema` key's value (JSON or YAML).
 */
export function declaresStrapSchema(text: string): boolean {
  const head = text.slice(0, SCHEMA_DECLARATION_HEAD);
  const modeline = /^[ \t]*#[ \t]*yaml-language-server[ \t]*:[ \t]*\$schema=(\S+)/m.exec(head);
  if (modeline && namesStrapSchema(modeline[1])) return true;
  const key = /(?:^|[{,\s])["']?\$schema["']?[ \t]*:[ \t]*["']?([^"'\s,}]+)/.exec(head);
  return !!key && namesStrapSchema(key[1]);
}

function namesStrapSchema(reference: string): boolean {
  const withoutQuery = reference.replace(/[?#].*$/, '');
  return /(^|[\/\\])bootstrap\.schema\.json$/i.test(withoutQuery);
}

function matchesGlobs(uri: string, p: string, globs: readonly string[] | undefined, roots: readonly string[]): boolean {
  const patterns = (globs ?? []).filter((g) => g.trim() !== '');
  if (patterns.length === 0) return false;
  const posix = toPosix(p);
  const relatives: string[] = [];
  for (const root of roots) {
    if (!root.startsWith('file:') || !isInside(uri, root)) continue;
    let rel: string;
    try { rel = toPosix(path.relative(uriToPath(root), p)); } catch { continue; }
    if (rel !== '') relatives.push(rel);
  }
  return patterns.some((glob) => {
    const matcher = compiled(glob);
    if (path.isAbsolute(glob) || /^[A-Za-z]:/.test(glob)) return matcher.match(posix);
    if (relatives.length === 0) return matcher.match(path.basename(p));
    return relatives.some((rel) => matcher.match(rel));
  });
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

// Globs come from settings and arguments: few, and matched against every file of a scan.
const cache = new Map<string, Minimatch>();

function compiled(glob: string): Minimatch {
  let m = cache.get(glob);
  if (m) return m;
  const options: MinimatchOptions = { dot: true, nocase: process.platform === 'win32', matchBase: !glob.includes('/') };
  const absolute = path.isAbsolute(glob) || /^[A-Za-z]:/.test(glob);
  m = new Minimatch(absolute ? toPosix(glob) : glob.replace(/^\.\//, ''), options);
  if (cache.size >= 256) cache.clear();
  cache.set(glob, m);
  return m;
}
