// Writing JSON values as YAML or JSON text in the style of the place they go:
// YAML strings quoted only when they must be, flow lists `[a, b]` or block
// lists, nested block maps; JSON with the file's indentation.

import * as YAML from 'yaml';
import { EditError } from './edit-error';

export type Scalar = string | number | boolean | null;

export function isScalarValue(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with one own member, safe for any key (even `__proto__`). */
export function singleMember(key: string, value: unknown): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Throws unless the value is JSON data (finite numbers, no cycles, no functions). */
export function validateValue(value: unknown, seen: Set<unknown> = new Set()): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EditError('invalid-value', `${value} cannot be written as JSON or YAML data`);
    return;
  }
  if (typeof value !== 'object') throw new EditError('invalid-value', `a ${typeof value} cannot be written as JSON or YAML data`);
  if (seen.has(value)) throw new EditError('invalid-value', 'the value contains a cycle');
  seen.add(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (item !== undefined) validateValue(item, seen);
  }
  seen.delete(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k)
    && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const entriesOf = (value: Record<string, unknown>): Array<[string, unknown]> =>
  Object.keys(value).map((k) => [k, value[k] === undefined ? null : value[k]]);

const itemsOf = (value: unknown[]): unknown[] => Array.from(value, (x) => (x === undefined ? null : x));

// ---------------------------------------------------------------------------
// YAML scalars.

export type PlainContext = 'block-value' | 'flow-value' | 'block-key' | 'flow-key';

// Characters YAML will not take unescaped, or that trim() would lose.
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\p{Cs}/u;
const plainCache = new Map<string, boolean>();

function parsesTo(source: string, expected: unknown): boolean {
  try {
    const doc = YAML.parseDocument(source, { strict: true, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length || doc.warnings.length || !deepEqual(doc.toJS(), expected)) return false;
    // Keys must be strings, not `true` or `1` that only print the same.
    const contents = doc.contents;
    if (YAML.isMap(contents)) return contents.items.every((pair) => YAML.isScalar(pair.key) && typeof pair.key.value === 'string');
    return true;
  } catch {
    return false;
  }
}

/**
 * A letter, then letters, digits and `._+-`: plain in every context, but for
 * the core schema's words. Most package names are such names, and asking the
 * parser about each (three parses per name) was a third of the time `strap
 * check` spent on the fixes of a big archive's cycles.
 */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9._+-]*$/;
const CORE_SCHEMA_WORD = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

export function isPlainName(s: string): boolean {
  return PLAIN_NAME.test(s) && !CORE_SCHEMA_WORD.test(s);
}

/** Can the string be written as a plain (unquoted) YAML scalar in this context and read back unchanged? */
export function yamlPlainOk(s: string, context: PlainContext): boolean {
  if (s.length === 0 || s.length > 512 || s !== s.trim() || /[\r\n\t]/.test(s) || UNPRINTABLE.test(s)) return false;
  if (isPlainName(s)) return true;
  const cacheKey = `${context}\u0000${s}`;
  const cached = plainCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const ok = plainByParsing(s, context);
  if (plainCache.size > 10_000) plainCache.clear();
  plainCache.set(cacheKey, ok);
  return ok;
}

/** yamlPlainOk's answer by parsing the string in the context (for the names isPlainName passes, too: the tests compare). */
export function plainByParsing(s: string, context: PlainContext): boolean {
  let ok = false;
  switch (context) {
    case 'block-value': ok = parsesTo(`k: ${s}\n`, { k: s }) && parsesTo(`- ${s}\n`, [s]); break;
    case 'flow-value': ok = parsesTo(`[${s}]`, [s]) && parsesTo(`{k: ${s}}`, { k: s }) && parsesTo(`[${s}, x]`, [s, 'x']); break;
    case 'block-key': ok = parsesTo(`${s}: k\n`, singleMember(s, 'k')); break;
    case 'flow-key': {
      const other = s === 'q' ? 'r' : 'q';
      ok = parsesTo(`{${s}: k}`, singleMember(s, 'k')) && parsesTo(`{${s}: k, ${other}: y}`, { ...singleMember(s, 'k'), [other]: 'y' });
      break;
    }
  }
  return ok;
}

export function yamlDoubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff
      || (code >= 0xd800 && code <= 0xdfff)) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Single-quoted, or undefined when the string has characters single quotes cannot hold. */
export function yamlSingleQuoted(s: string): string | undefined {
  if (/[\r\n\t]/.test(s) || UNPRINTABLE.test(s)) return undefined;
  return `'${s.replace(/'/g, "''")}'`;
}

export function yamlQuoted(s: string, quote: '"' | "'"): string {
  return (quote === "'" ? yamlSingleQuoted(s) : undefined) ?? yamlDoubleQuoted(s);
}

export function yamlString(s: string, flow: boolean, quote: '"' | "'"): string {
  return yamlPlainOk(s, flow ? 'flow-value' : 'block-value') ? s : yamlQuoted(s, quote);
}

export function yamlKey(key: string, flow: boolean, quote: '"' | "'"): string {
  return yamlPlainOk(key, flow ? 'flow-key' : 'block-key') ? key : yamlQuoted(key, quote);
}

export function yamlScalar(value: Scalar, flow: boolean, quote: '"' | "'"): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value, flow, quote);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EditError('invalid-value', `${value} cannot be written`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

// ---------------------------------------------------------------------------
// YAML values.

/** A value on one line in flow style: `[a, b]`, `{ k: v }` (or `{k: v}` unpadded), a scalar. */
export function yamlFlow(value: unknown, quote: '"' | "'", padded = true): string {
  if (Array.isArray(value)) return `[${itemsOf(value).map((x) => yamlFlow(x, quote, padded)).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = entriesOf(value);
    if (!entries.length) return '{}';
    const inner = entries.map(([k, v]) => `${yamlKey(k, true, quote)}: ${yamlFlow(v, quote, padded)}`).join(', ');
    return padded ? `{ ${inner} }` : `{${inner}}`;
  }
  return yamlScalar((value ?? null) as Scalar, true, quote);
}

export interface YamlBlockOptions {
  quote: '"' | "'";
  /** Indentation of nested maps. */
  unit: number;
  /** Column of `-` relative to the key of a block sequence. */
  seqOffset: number;
  /** Write non-empty lists as block sequences. */
  blockSeq: boolean;
  /** Spaces inside the braces of flow maps. */
  padded?: boolean;
}

/** A value after `key:` in a block map: one inline text, or lines (relative to the value's own column). */
export type YamlBlockValue = { inline: string } | { lines: string[]; kind: 'map' | 'seq' };

export function yamlBlock(value: unknown, options: YamlBlockOptions): YamlBlockValue {
  if (Array.isArray(value)) {
    const items = itemsOf(value);
    const padded = options.padded ?? true;
    if (!items.length || !options.blockSeq) return { inline: yamlFlow(items, options.quote, padded) };
    return {
      kind: 'seq',
      lines: items.map((x) => `- ${isScalarValue(x) ? yamlScalar(x, false, options.quote) : yamlFlow(x, options.quote, padded)}`),
    };
  }
  if (isPlainObject(value)) {
    const entries = entriesOf(value);
    if (!entries.length) return { inline: '{}' };
    return { kind: 'map', lines: entries.flatMap(([k, v]) => yamlMemberLines(k, v, options)) };
  }
  return { inline: yamlScalar((value ?? null) as Scalar, false, options.quote) };
}

/** `key: value`, or `key:` followed by the nested lines (relative to the key's column). */
export function yamlMemberLines(key: string, value: unknown, options: YamlBlockOptions): string[] {
  const keyText = yamlKey(key, false, options.quote);
  const out = yamlBlock(value, options);
  if ('inline' in out) return [`${keyText}: ${out.inline}`];
  const pad = ' '.repeat(out.kind === 'seq' ? options.seqOffset : options.unit);
  return [`${keyText}:`, ...out.lines.map((line) => pad + line)];
}

// ---------------------------------------------------------------------------
// JSON values.

export function jsonScalar(value: Scalar): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new EditError('invalid-value', `${value} cannot be written`);
  return JSON.stringify(value);
}

/** A JSON value on one line: `["a", "b"]`, `{ "k": 1 }`. */
export function jsonInline(value: unknown, padded = true): string {
  if (Array.isArray(value)) return `[${itemsOf(value).map((x) => jsonInline(x, padded)).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = entriesOf(value);
    if (!entries.length) return '{}';
    const inner = entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonInline(v, padded)}`).join(', ');
    return padded ? `{ ${inner} }` : `{${inner}}`;
  }
  return jsonScalar((value ?? null) as Scalar);
}

export interface JsonLayout {
  /** Indentation of the line the value starts on. */
  indent: string;
  unit: string;
  eol: string;
}

/** A JSON value; non-empty objects over several lines when a layout is given, lists always on one line. */
export function jsonValue(value: unknown, layout: JsonLayout | undefined, padded = true): string {
  if (!layout || !isPlainObject(value)) return jsonInline(value, padded);
  const entries = entriesOf(value);
  if (!entries.length) return '{}';
  const inner = layout.indent + layout.unit;
  const members = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${jsonValue(v, { ...layout, indent: inner }, padded)}`);
  return `{${layout.eol}${members.join(',' + layout.eol)}${layout.eol}${layout.indent}}`;
}
