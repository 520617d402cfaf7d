// Walking the bundled JSON Schema the way an editor needs it: which
// subschemas apply at a JSON path (following `$ref`, `properties`,
// `patternProperties`, `additionalProperties`, `items`, `allOf` and
// `if`/`then`/`else` evaluated against the document's value where it is
// known), which keys an object may have, and the documentation of a node.

import { bundledSchema } from '../schema/bundled-schema';

export type Schema = Record<string, unknown>;

const MAX_REF_DEPTH = 32;

function isObject(x: unknown): x is Schema {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Follow `$ref` (local `#/...` only); the referring site's own keywords win over the target's. */
export function resolveRef(s: unknown, root: Schema = bundledSchema()): Schema | undefined {
  let current: unknown = s;
  let merged: Schema | undefined;
  for (let depth = 0; depth < MAX_REF_DEPTH; depth++) {
    if (!isObject(current)) return merged;
    const ref = current.$ref;
    const { $ref: _ignored, ...own } = current;
    merged = merged ? { ...own, ...merged } : { ...own };
    if (typeof ref !== 'string' || !ref.startsWith('#')) return merged;
    current = lookupPointer(root, ref.slice(1));
  }
  return merged;
}

function lookupPointer(root: Schema, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node)) return undefined;
    node = node[seg];
  }
  return node;
}

/** Result of evaluating a (simple) `if` schema: true, false, or unknown. */
function simpleMatch(s: unknown, value: unknown, root: Schema): boolean | undefined {
  if (s === true) return true;
  if (s === false) return false;
  const schema = resolveRef(s, root);
  if (!schema) return true;
  if (value === undefined) return undefined;
  if (typeof schema.type === 'string' && !typeMatches(schema.type, value)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) return false;
  if ('const' in schema && schema.const !== value) return false;
  if (Array.isArray(schema.required)) {
    if (!isObject(value)) return false;
    for (const r of schema.required) if (typeof r === 'string' && !(r in value)) return false;
  }
  if (isObject(schema.properties) && isObject(value)) {
    for (const [k, sub] of Object.entries(schema.properties)) {
      if (!(k in value)) continue;
      const m = simpleMatch(sub, value[k], root);
      if (m !== true) return m;
    }
  }
  return true;
}

export function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: return true;
  }
}

/**
 * The resolved schema plus every subschema that applies to a value in it
 * (`allOf` members, the `then` or `else` branch of an `if`; both branches when
 * the value is unknown). The first element is the schema itself.
 */
export function expand(s: unknown, value: unknown, root: Schema = bundledSchema()): Schema[] {
  const out: Schema[] = [];
  const queue: unknown[] = [s];
  let guard = 0;
  while (queue.length && guard++ < 64) {
    const schema = resolveRef(queue.shift(), root);
    if (!schema) continue;
    out.push(schema);
    if (Array.isArray(schema.allOf)) queue.push(...schema.allOf);
    if (schema.if !== undefined) {
      const m = simpleMatch(schema.if, value, root);
      if (m !== false && schema.then !== undefined) queue.push(schema.then);
      if (m !== true && schema.else !== undefined) queue.push(schema.else);
    }
  }
  return out;
}

/** The schemas of a child of a value that `schemas` describe. */
export function childSchemas(schemas: Schema[], segment: string, childValue: unknown, root: Schema = bundledSchema()): Schema[] {
  const out: Schema[] = [];
  for (const s of schemas) {
    if (/^\d+$/.test(segment) && s.items !== undefined && s.items !== false) {
      out.push(...expand(s.items, childValue, root));
      continue;
    }
    let matched = false;
    if (isObject(s.properties) && segment in s.properties) {
      const sub = s.properties[segment];
      if (sub !== false) out.push(...expand(sub, childValue, root));
      matched = true;
    }
    if (isObject(s.patternProperties)) {
      for (const [pattern, sub] of Object.entries(s.patternProperties)) {
        if (safeRegExp(pattern)?.test(segment)) {
          out.push(...expand(sub, childValue, root));
          matched = true;
        }
      }
    }
    if (!matched && isObject(s.additionalProperties)) out.push(...expand(s.additionalProperties, childValue, root));
  }
  return out;
}

const regexCache = new Map<string, RegExp | undefined>();
export function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = undefined;
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern);
}

/** The schemas that apply at a path, given the document's root value (for `if` evaluation). */
export function schemasAt(path: readonly string[], rootValue: unknown, root: Schema = bundledSchema()): Schema[] {
  let value: unknown = rootValue;
  let schemas = expand(root, value, root);
  for (const seg of path) {
    value = childValue(value, seg);
    schemas = childSchemas(schemas, seg, value, root);
    if (!schemas.length) break;
  }
  return schemas;
}

function childValue(value: unknown, seg: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(seg) ? value[Number(seg)] : undefined;
  if (isObject(value)) return Object.prototype.hasOwnProperty.call(value, seg) ? value[seg] : undefined;
  return undefined;
}

export interface KeyInfo {
  key: string;
  schema: Schema;
  /** True for a property forbidden by an applicable subschema (`"channels": false`). */
  forbidden?: boolean;
}

/** The fixed keys an object described by `schemas` may have, in schema order. Pattern properties are listed separately. */
export function objectKeys(schemas: Schema[], root: Schema = bundledSchema()): { keys: KeyInfo[]; patterns: Array<{ pattern: string; schema: Schema }> } {
  const keys = new Map<string, KeyInfo>();
  const forbidden = new Set<string>();
  const patterns: Array<{ pattern: string; schema: Schema }> = [];
  for (const s of schemas) {
    if (isObject(s.properties)) {
      for (const [k, sub] of Object.entries(s.properties)) {
        if (sub === false) {
          forbidden.add(k);
          continue;
        }
        const resolved = resolveRef(sub, root);
        if (!resolved) continue;
        const known = keys.get(k);
        keys.set(k, { key: k, schema: known ? { ...resolved, ...known.schema } : resolved });
      }
    }
    if (isObject(s.patternProperties)) {
      for (const [pattern, sub] of Object.entries(s.patternProperties)) {
        const resolved = resolveRef(sub, root);
        if (resolved) patterns.push({ pattern, schema: resolved });
      }
    }
  }
  return { keys: [...keys.values()].filter((k) => !forbidden.has(k.key)), patterns };
}

/** The type(s) schemas agree on: 'object', 'array', 'string', ... or undefined when unknown or mixed. */
export function typeOf(schemas: Schema[]): string | undefined {
  const types = new Set<string>();
  for (const s of schemas) {
    if (typeof s.type === 'string') types.add(s.type);
    else if (Array.isArray(s.enum) && s.enum.length) for (const e of s.enum) types.add(jsonType(e));
    else if ('const' in s) types.add(jsonType(s.const));
  }
  if (types.size === 1) return [...types][0];
  if (types.size === 2 && types.has('integer') && types.has('number')) return 'number';
  return undefined;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Every type a set of schemas allows (for `imports`: string and array). */
export function typesOf(schemas: Schema[]): Set<string> {
  const types = new Set<string>();
  for (const s of schemas) {
    if (typeof s.type === 'string') types.add(s.type);
    else if (Array.isArray(s.type)) for (const t of s.type) if (typeof t === 'string') types.add(t);
    if (Array.isArray(s.enum)) for (const e of s.enum) types.add(jsonType(e));
    if ('const' in s) types.add(jsonType(s.const));
  }
  return types;
}

export interface EnumValue {
  value: unknown;
  /** Markdown documentation of this value, when the schema's description lists it. */
  documentation?: string;
  isDefault: boolean;
}

/** The allowed values (enum/const), with per-value documentation taken from the markdown bullet list `- \`value\` — text`. */
export function enumValues(schemas: Schema[]): EnumValue[] {
  const out: EnumValue[] = [];
  const seen = new Set<string>();
  for (const s of schemas) {
    const values: unknown[] = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : [];
    for (const v of values) {
      const key = JSON.stringify(v);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ value: v, documentation: valueDoc(schemas, v), isDefault: schemas.some((x) => 'default' in x && x.default === v) });
    }
  }
  return out;
}

function valueDoc(schemas: Schema[], value: unknown): string | undefined {
  const text = String(value);
  for (const s of schemas) {
    const md = typeof s.markdownDescription === 'string' ? s.markdownDescription : undefined;
    if (!md) continue;
    for (const line of md.split('\n')) {
      const m = /^\s*[-*]\s+`([^`]+)`\s*(?:—|–|-|:)\s*(.*)$/.exec(line);
      if (m && m[1] === text) return m[2].replace(/[;.]\s*$/, '').trim();
    }
  }
  return undefined;
}

/** The first string a keyword has across schemas (the referring site wins, it comes first). */
export function keyword(schemas: Schema[], name: string): string | undefined {
  for (const s of schemas) if (typeof s[name] === 'string') return s[name] as string;
  return undefined;
}

/** Markdown documentation of a key or value: title, type, description, allowed values, default, pattern. */
export function describe(schemas: Schema[], heading?: string): string {
  const parts: string[] = [];
  const title = keyword(schemas, 'title');
  const types = [...typesOf(schemas)];
  const typeText = types.length ? ` \`${types.join(' | ')}\`` : '';
  if (heading) parts.push(`**${heading}**${title ? ` — ${title}` : ''}${typeText ? ` ·${typeText}` : ''}`);
  else if (title) parts.push(`**${title}**${typeText ? ` ·${typeText}` : ''}`);
  const description = keyword(schemas, 'markdownDescription') ?? keyword(schemas, 'description');
  if (description) parts.push(description);
  const values = enumValues(schemas);
  const hasBulletDocs = values.length > 0 && values.every((v) => v.documentation) && !!keyword(schemas, 'markdownDescription');
  if (values.length && !hasBulletDocs) parts.push(`Allowed values: ${values.map((v) => '`' + JSON.stringify(v.value) + '`').join(', ')}`);
  const pattern = keyword(schemas, 'pattern');
  if (pattern && !values.length) parts.push(`Pattern: \`${pattern}\``);
  for (const s of schemas) {
    if ('default' in s) {
      parts.push(`Default: \`${JSON.stringify(s.default)}\``);
      break;
    }
  }
  return parts.join('\n\n');
}

/** The name patterns of packages, stages and envs, from the schema's `$defs`. */
export function namePattern(kind: 'package' | 'stage' | 'env', root: Schema = bundledSchema()): RegExp | undefined {
  const def = kind === 'package' ? 'packageName' : kind === 'stage' ? 'stageName' : 'envName';
  const s = resolveRef({ $ref: `#/$defs/${def}` }, root);
  return typeof s?.pattern === 'string' ? safeRegExp(s.pattern) : undefined;
}

export const BOOTSTRAP_PATTERN = '^build-depends-bootstrap[1-9][0-9]*$';
