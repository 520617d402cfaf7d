// HTML building blocks of the report: escaping, the page shell, links and
// file names. Every piece of text from a bootstrap file goes through `esc`.

/** Text or attribute value, escaped for HTML. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * A file name for a package or person: lower-case letters, digits, '.', '+'
 * and '-' are kept; anything else (upper case too, so that names differing in
 * case do not collide on case-insensitive file systems) becomes `_hex_`.
 */
export function slug(name: string): string {
  const out = name.replace(/[^a-z0-9.+-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`).replace(/^\./, '_2e_');
  // Keep file names short; a long one gets a hash suffix to stay unique.
  return out.length <= 120 ? out : `${out.slice(0, 100)}~${hash(name)}`;
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A relative href to a file of the site: each path segment URL-encoded. */
export function href(path: string): string {
  const hash = path.indexOf('#');
  const file = hash < 0 ? path : path.slice(0, hash);
  return file.split('/').map(encodeURIComponent).join('/') + (hash < 0 ? '' : '#' + encodeURIComponent(path.slice(hash + 1)));
}

export const packagePath = (name: string) => `pkg/${slug(name)}.html`;
/** A person's page: the mail address (or name), lower-cased and cleaned, and a hash of the whole entry, which keeps it unique. */
export const personPath = (person: string) => {
  const mail = /<([^<>]+)>\s*$/.exec(person)?.[1] ?? person;
  const readable = mail.toLowerCase().replace(/[^a-z0-9.+-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 60);
  return `people/${readable || 'person'}-${hash(person)}.html`;
};
export const clusterPath = (id: number) => `cycles/cluster-${id}.html`;

/** Package links by page depth; cleared per site (see resetLinks). */
const packageLinks: Array<Map<string, string>> = [];

/** Forget the memoized package links (a new site may declare other packages). */
export function resetLinks(): void {
  packageLinks.length = 0;
}

/** Writes links relative to the page's own folder. */
export class Page {
  /** `depth`: how many folders below the site root the page sits. */
  constructor(readonly depth: number) {}

  up(path: string): string {
    return '../'.repeat(this.depth) + href(path);
  }

  link(path: string, text: string, attrs = ''): string {
    return `<a href="${esc(this.up(path))}"${attrs ? ' ' + attrs : ''}>${esc(text)}</a>`;
  }

  /** A link to a package's page, or its name in plain text when it has none (memoized: archive-sized pages hold millions of these). */
  pkg(name: string, declared: (name: string) => boolean): string {
    const memo = (packageLinks[this.depth] ??= new Map());
    let html = memo.get(name);
    if (html === undefined) {
      html = declared(name) ? this.link(packagePath(name), name) : `<span class="unknown" title="not declared">${esc(name)}</span>`;
      memo.set(name, html);
    }
    return html;
  }
}

export interface Shell {
  title: string;
  page: Page;
  /** Which item of the navigation this page belongs to. */
  section: 'overview' | 'cycles' | 'packages' | 'stuck' | 'people' | 'history';
  body: string;
  /** What the report was made from (shown in the footer). */
  footer: string;
}

const NAV: Array<[Shell['section'], string, string]> = [
  ['overview', 'index.html', 'Overview'],
  ['cycles', 'cycles/index.html', 'Cycles'],
  ['packages', 'packages/index.html', 'Packages'],
  ['stuck', 'stuck/index.html', 'Stuck and unused'],
  ['people', 'people/index.html', 'Maintainers'],
  ['history', 'history.html', 'History'],
];

export function shell(s: Shell): string {
  const p = s.page;
  const nav = NAV.map(([id, path, label]) => `<a href="${esc(p.up(path))}"${id === s.section ? ' aria-current="page"' : ''}>${label}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(s.title)} — strap bootstrap report</title>
<link rel="stylesheet" href="${esc(p.up('assets/report.css'))}">
<script defer src="${esc(p.up('assets/search-index.js'))}"></script>
<script defer src="${esc(p.up('assets/report.js'))}"></script>
</head>
<body data-root="${esc('../'.repeat(p.depth))}">
<header><nav>${nav}</nav>
<form class="search" role="search" onsubmit="return false"><input id="search" type="search" placeholder="Find a package or person" aria-label="Find a package or person" autocomplete="off"><ul id="search-results" hidden></ul></form>
</header>
<main>
<h1>${esc(s.title)}</h1>
${s.body}
</main>
<footer>${s.footer}</footer>
</body>
</html>
`;
}

/** A table; `sortable` adds click-to-sort headers (numbers sort numerically via data-sort). */
export function table(headers: string[], rows: string[][], options: { sortable?: boolean; id?: string; numeric?: number[] } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const head = headers.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${options.id ? ` id="${esc(options.id)}"` : ''}${options.sortable ? ' class="sortable"' : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Links to the pages of a paginated list. */
export function pager(page: Page, count: number, current: number, pathOf: (k: number) => string): string {
  if (count <= 1) return '';
  const items: string[] = [];
  for (let k = 1; k <= count; k++) items.push(k === current ? `<strong>${k}</strong>` : page.link(pathOf(k), String(k)));
  return `<p class="pager">Page ${items.join(' ')}</p>`;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function num(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(p: number): string {
  return Number.isInteger(p) ? String(p) : p.toFixed(1);
}
