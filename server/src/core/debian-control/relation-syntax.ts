// Relationship fields (Policy §7.1, and the build-profile specification)
// parsed with positions, for diagnostics and edits:
//
//   foo:any (>= 1.0) [linux-any !hurd-i386] <!stage1 !nocheck> <cross>, bar | baz
//
// Like dpkg, the value is split on `,` into entries and each entry on `|`
// into alternatives (a `${...}` substitution variable is never split). The
// importer's parser (import/debian/relations.ts) reads the same syntax at
// archive speed and keeps no positions; this one keeps a range for every
// token and reports what it cannot read instead of skipping it. Meaning
// (architecture matching, formula evaluation) is shared with the importer.

import type { OffsetRange } from '../types';

export interface ArchTermAt {
  negated: boolean;
  arch: string;
  range: OffsetRange;
}

export interface ProfileTermAt {
  negated: boolean;
  name: string;
  range: OffsetRange;
}

/** One `<...>` list: its terms are ANDed; several lists are ORed. */
export interface RestrictionListAt {
  range: OffsetRange;
  terms: ProfileTermAt[];
}

export interface AlternativeAt {
  /** From the first to the last non-blank character. */
  range: OffsetRange;
  name: string;
  nameRange: OffsetRange;
  /** The name contains a `${...}` substitution variable. */
  substvar: boolean;
  qualifier?: { value: string; range: OffsetRange };
  version?: { range: OffsetRange; op: string; opRange: OffsetRange; version: string; versionRange: OffsetRange };
  arches?: { range: OffsetRange; terms: ArchTermAt[] };
  restrictions: RestrictionListAt[];
}

export interface EntryAt {
  range: OffsetRange;
  alternatives: AlternativeAt[];
}

export interface SyntaxProblem {
  range: OffsetRange;
  code: 'relation-syntax' | 'relation-package-name' | 'relation-version';
  severity: 'error' | 'warning';
  message: string;
  /** A replacement that fixes it, when there is an obvious one. */
  fix?: { title: string; range: OffsetRange; newText: string };
}

export interface RelationsAt {
  entries: EntryAt[];
  problems: SyntaxProblem[];
}

export const VERSION_OPERATORS = ['<<', '<=', '=', '>=', '>>'] as const;

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** Split [start, end) of raw at `sep`, never inside `${...}`. */
function split(raw: string, start: number, end: number, sep: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (raw[i] === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i);
      if (close >= 0 && close < end) {
        i = close;
        continue;
      }
    }
    if (raw[i] === sep) {
      out.push([from, i]);
      from = i + 1;
    }
  }
  out.push([from, end]);
  return out;
}

function isBlankChar(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Whitespace-separated tokens of raw[start, end), with offsets (shifted by base). */
function tokens(raw: string, start: number, end: number, base: number): Array<{ text: string; range: OffsetRange }> {
  const out: Array<{ text: string; range: OffsetRange }> = [];
  let i = start;
  while (i < end) {
    while (i < end && isBlankChar(raw[i])) i++;
    if (i >= end) break;
    const s = i;
    while (i < end && !isBlankChar(raw[i])) i++;
    out.push({ text: raw.slice(s, i), range: { start: base + s, end: base + i } });
  }
  return out;
}

/** Whether a Debian version string is well formed (Policy §5.6.12); substitution variables pass. */
export function versionProblem(version: string): { severity: 'error' | 'warning'; message: string } | undefined {
  if (version.includes('${')) return undefined;
  const m = /^(?:([0-9]+):)?(.*)$/.exec(version) as RegExpExecArray;
  const hasEpoch = m[1] !== undefined;
  const rest = m[2];
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : undefined;
  if (upstream === '') return { severity: 'error', message: `'${version}' has no upstream version` };
  const allowed = hasEpoch ? /^[A-Za-z0-9.+~:-]+$/ : /^[A-Za-z0-9.+~-]+$/;
  if (!allowed.test(upstream)) {
    return {
      severity: 'error',
      message: `'${version}' is not a valid version: the upstream part allows letters, digits and . + ~ -${hasEpoch ? ' :' : ''}`,
    };
  }
  if (revision !== undefined && !/^[A-Za-z0-9.+~]+$/.test(revision)) {
    return { severity: 'error', message: `'${version}' is not a valid version: the Debian revision allows letters, digits and . + ~` };
  }
  if (!/^[0-9]/.test(upstream)) return { severity: 'warning', message: `The version '${version}' should start with a digit` };
  return undefined;
}

/**
 * Parse a relationship field value. `raw` is the value with comments blanked
 * (Deb822Field.rawValue); `base` is the document offset of raw[0].
 */
export function parseRelationsAt(raw: string, base: number): RelationsAt {
  const problems: SyntaxProblem[] = [];
  const entries: EntryAt[] = [];
  const at = (s: number, e: number): OffsetRange => ({ start: base + s, end: base + e });
  for (const [es, ee] of split(raw, 0, raw.length, ',')) {
    let s = es;
    let e = ee;
    while (s < e && isBlankChar(raw[s])) s++;
    while (e > s && isBlankChar(raw[e - 1])) e--;
    // An empty entry (a trailing comma, `a, , b`) is accepted, as dpkg does.
    if (s >= e) continue;
    const entry: EntryAt = { range: at(s, e), alternatives: [] };
    for (const [as, ae] of split(raw, s, e, '|')) {
      const alt = parseAlternative(raw, as, ae, base, problems);
      if (alt) entry.alternatives.push(alt);
    }
    entries.push(entry);
  }
  return { entries, problems };
}

function parseAlternative(raw: string, start: number, end: number, base: number, problems: SyntaxProblem[]): AlternativeAt | undefined {
  const at = (s: number, e: number): OffsetRange => ({ start: base + s, end: base + e });
  let s = start;
  let e = end;
  while (s < e && isBlankChar(raw[s])) s++;
  while (e > s && isBlankChar(raw[e - 1])) e--;
  if (s >= e) {
    const where = at(Math.max(start - 1, 0), Math.min(end + 1, raw.length));
    problems.push({ range: where, code: 'relation-syntax', severity: 'error', message: "An alternative is empty (nothing between '|' and its neighbour)" });
    return undefined;
  }
  // The name: up to blank, `(`, `[`, `<` or the qualifier's `:`; `${...}` kept whole.
  let i = s;
  let substvar = false;
  while (i < e) {
    const ch = raw[i];
    if (ch === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i);
      if (close >= 0 && close < e) {
        substvar = true;
        i = close + 1;
        continue;
      }
    }
    if (isBlankChar(ch) || ch === '(' || ch === '[' || ch === '<' || ch === ':' || ch === ')' || ch === ']' || ch === '>') break;
    i++;
  }
  const name = raw.slice(s, i);
  const alt: AlternativeAt = { range: at(s, e), name, nameRange: at(s, i), substvar, restrictions: [] };
  if (name === '') {
    problems.push({ range: at(s, Math.min(s + 1, e)), code: 'relation-syntax', severity: 'error', message: 'A package name is missing' });
  } else if (!substvar && !PACKAGE_NAME.test(name)) {
    const lower = name.toLowerCase();
    const fixable = lower !== name && PACKAGE_NAME.test(lower);
    problems.push({
      range: at(s, i),
      code: 'relation-package-name',
      severity: 'error',
      message:
        `'${name}' is not a valid package name: ` +
        (fixable ? 'package names are lower case' : 'at least two characters of a-z, 0-9, + - . , starting with a letter or digit'),
      fix: fixable ? { title: `Write '${lower}'`, range: at(s, i), newText: lower } : undefined,
    });
  }
  if (raw[i] === ':') {
    const qs = i + 1;
    let qe = qs;
    while (qe < e && /[A-Za-z0-9_-]/.test(raw[qe])) qe++;
    if (qe === qs) {
      problems.push({ range: at(i, i + 1), code: 'relation-syntax', severity: 'error', message: "An architecture qualifier is missing after ':' (e.g. ':any', ':native')" });
    } else {
      alt.qualifier = { value: raw.slice(qs, qe), range: at(qs, qe) };
    }
    i = qe;
  }
  // What has been read, to report parts out of order: version, then [arches], then <profiles>.
  let stage = 0;
  while (i < e) {
    while (i < e && isBlankChar(raw[i])) i++;
    if (i >= e) break;
    const ch = raw[i];
    const closer = ch === '(' ? ')' : ch === '[' ? ']' : ch === '<' ? '>' : undefined;
    if (closer === undefined) {
      problems.push({
        range: at(i, e),
        code: 'relation-syntax',
        severity: 'error',
        message: `Unexpected '${raw.slice(i, Math.min(e, i + 20))}${e - i > 20 ? '…' : ''}' after the package name (expected '(version)', '[architectures]' or '<profiles>'${name.includes(' ') ? '' : ", or a ',' between entries"})`,
      });
      break;
    }
    // `(<< 1)`: the `<` of an operator is not a closer; parentheses close at the first `)`.
    const close = raw.indexOf(closer, i + 1);
    if (close < 0 || close >= e) {
      problems.push({ range: at(i, e), code: 'relation-syntax', severity: 'error', message: `'${ch}' is not closed by '${closer}'` });
      break;
    }
    const range = at(i, close + 1);
    const order = ch === '(' ? 1 : ch === '[' ? 2 : 3;
    if (order < stage || (order === stage && order !== 3)) {
      const what = ch === '(' ? 'a version constraint' : 'an architecture list';
      problems.push({
        range,
        code: 'relation-syntax',
        severity: 'error',
        message:
          order === stage
            ? `Only one ${what.replace(/^an? /, '')} is allowed per alternative`
            : `${what[0].toUpperCase()}${what.slice(1)} must come before ${stage === 3 ? 'the restriction formula' : 'the architecture list'} (order: name (version) [architectures] <profiles>)`,
      });
    }
    stage = Math.max(stage, order);
    if (ch === '(') readVersion(raw, i, close, base, alt, problems);
    else if (ch === '[') {
      const terms = tokens(raw, i + 1, close, base).map((t) => {
        const negated = t.text.startsWith('!');
        return { negated, arch: negated ? t.text.slice(1) : t.text, range: t.range };
      });
      if (terms.length === 0) problems.push({ range, code: 'relation-syntax', severity: 'error', message: 'An architecture list must not be empty' });
      if (alt.arches === undefined) alt.arches = { range, terms };
    } else {
      const terms = tokens(raw, i + 1, close, base).map((t) => {
        const negated = t.text.startsWith('!');
        return { negated, name: negated ? t.text.slice(1) : t.text, range: t.range };
      });
      if (terms.length === 0) problems.push({ range, code: 'relation-syntax', severity: 'error', message: 'A restriction list <…> must not be empty' });
      alt.restrictions.push({ range, terms });
    }
    i = close + 1;
  }
  return alt;
}

function readVersion(raw: string, open: number, close: number, base: number, alt: AlternativeAt, problems: SyntaxProblem[]): void {
  const at = (s: number, e: number): OffsetRange => ({ start: base + s, end: base + e });
  const range = at(open, close + 1);
  let i = open + 1;
  while (i < close && isBlankChar(raw[i])) i++;
  const m = /^(<<|<=|>=|>>|=|<|>)/.exec(raw.slice(i, close));
  if (!m) {
    problems.push({
      range,
      code: 'relation-version',
      severity: 'error',
      message: `A version constraint needs an operator (${VERSION_OPERATORS.join(' ')}), e.g. '(>= 1.2)'`,
    });
    return;
  }
  const op = m[1];
  const opRange = at(i, i + op.length);
  i += op.length;
  while (i < close && isBlankChar(raw[i])) i++;
  let ve = close;
  while (ve > i && isBlankChar(raw[ve - 1])) ve--;
  const version = raw.slice(i, ve);
  const versionRange = at(i, ve);
  if (alt.version === undefined) alt.version = { range, op, opRange, version, versionRange };
  if (op === '<' || op === '>') {
    problems.push({
      range: opRange,
      code: 'relation-version',
      severity: 'error',
      message: `'${op}' is obsolete and ambiguous (it meant '${op}='): write '${op}=' or '${op}${op}'`,
      fix: { title: `Write '${op}=' (its old meaning)`, range: opRange, newText: `${op}=` },
    });
  }
  if (version === '') {
    problems.push({ range, code: 'relation-version', severity: 'error', message: `The version is missing after '${op}'` });
    return;
  }
  if (/\s/.test(version)) {
    problems.push({ range: versionRange, code: 'relation-version', severity: 'error', message: `'${version.replace(/\s+/g, ' ')}' is not one version (it contains blanks)` });
    return;
  }
  const bad = versionProblem(version);
  if (bad) problems.push({ range: versionRange, code: 'relation-version', severity: bad.severity, message: bad.message });
}
