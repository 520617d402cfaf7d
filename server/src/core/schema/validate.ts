// Schema diagnostics: ajv (compiled once) over the plain value, each error
// walked back to the exact node — an unexpected key on the key, a wrong type
// or value on the value, a missing key on the parent's key — with messages a
// person understands.

import { LatestPerKey } from '../remembered';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { CoreDiagnostic, OffsetRange } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { joinPointer, parentPointer, splitPointer } from '../document/json-pointer';
import { suggest } from '../text/suggest';
import { replaceKeyFix, replaceValueFix } from './schema-fixes';
import { bundledSchema } from './bundled-schema';
import { definedFixes } from '../fixes/make-fix';
import { copyRange, rangeOfValue } from '../checks/diagnostic';

interface Validators {
  document: ValidateFunction;
  package: ValidateFunction;
}

let validators: Validators | undefined;

function compiled(): Validators {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addKeyword('markdownDescription');
    const schema = bundledSchema();
    const document = ajv.compile(schema);
    const pkg = ajv.getSchema(`${String(schema.$id)}#/$defs/package`);
    if (!pkg) throw new Error('the bundled schema has no $defs/package');
    validators = { document, package: pkg };
  }
  return validators;
}

// Below this many packages one whole-document validation is cheap enough.
const PER_PACKAGE_THRESHOLD = 200;
// Errors per package value, for a document parsed whole: a package whose
// value object is shared with an earlier version is not validated again.
const packageErrors = new WeakMap<object, ErrorObject[]>();

/** A big document's errors in parts: the document with every package emptied, and each package's own. */
interface SplitErrors {
  docId: number;
  hollow: ErrorObject[];
  /** Only the packages that have errors, by name. */
  byPackage: Map<string, ErrorObject[]>;
}

// The last split result per document URI: an edit inside one package (see
// ParsedDocument.change) re-validates that package alone.
const lastSplit = new LatestPerKey<SplitErrors>(64);

/** A validator's errors for a value, copied (ajv re-uses its `errors` array on the next call). */
function errorsOf(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

function ownErrors(validatePackage: ValidateFunction, pkg: unknown): ErrorObject[] {
  let own = isPlainObject(pkg) ? packageErrors.get(pkg) : undefined;
  if (!own) {
    own = errorsOf(validatePackage, pkg);
    if (isPlainObject(pkg)) packageErrors.set(pkg, own);
  }
  return own;
}

function hollowErrors(value: Record<string, unknown>, names: string[], validateDocument: ValidateFunction): ErrorObject[] {
  const hollow: Record<string, unknown> = {};
  for (const name of names) hollow[name] = {};
  return errorsOf(validateDocument, { ...value, packages: hollow });
}

function splitErrors(doc: ParsedDocument, value: Record<string, unknown>, packages: Record<string, unknown>, names: string[] | undefined): SplitErrors {
  const { document, package: validatePackage } = compiled();
  const previous = lastSplit.get(doc.uri);
  const change = doc.change;
  if (previous?.docId === doc.id) return previous; // a file included by two workspaces
  let split: SplitErrors;
  if (previous && change?.kind === 'trivia' && previous.docId === change.baseId) {
    // A comment edit: every value is the same.
    split = { ...previous, docId: doc.id };
  } else if (previous && change?.kind === 'member' && previous.docId === change.baseId && change.section === 'packages' && change.before.key === change.after.key) {
    // One package's contents changed; its name and everything else did not.
    const byPackage = new Map(previous.byPackage);
    const own = ownErrors(validatePackage, packages[change.after.key!]);
    if (own.length) byPackage.set(change.after.key!, own);
    else byPackage.delete(change.after.key!);
    split = { docId: doc.id, hollow: previous.hollow, byPackage };
  } else if (previous && change?.kind === 'member' && previous.docId === change.baseId && change.section !== 'packages') {
    // Another section changed: the packages did not.
    split = { docId: doc.id, hollow: hollowErrors(value, names ?? Object.keys(packages), document), byPackage: previous.byPackage };
  } else {
    const all = names ?? Object.keys(packages);
    const byPackage = new Map<string, ErrorObject[]>();
    for (const name of all) {
      const own = ownErrors(validatePackage, packages[name]);
      if (own.length) byPackage.set(name, own);
    }
    split = { docId: doc.id, hollow: hollowErrors(value, all, document), byPackage };
  }
  lastSplit.set(doc.uri, split);
  return split;
}

function validationErrors(doc: ParsedDocument, perPackageThreshold: number): ErrorObject[] {
  const { document } = compiled();
  const value = doc.value;
  const packages = (value as { packages?: unknown } | null)?.packages;
  if (!isPlainObject(value) || !isPlainObject(packages)) return errorsOf(document, value);
  // Counting the names costs a pass over them; an edited package keeps the count.
  const change = doc.change;
  const unchangedNames = (change?.kind === 'trivia' || change?.section === 'packages') && lastSplit.get(doc.uri)?.docId === change.baseId;
  const names = unchangedNames ? undefined : Object.keys(packages);
  if (names && names.length < perPackageThreshold) return errorsOf(document, value);
  // The document with empty packages checks everything but the packages' contents,
  // which each package's own validation adds.
  const split = splitErrors(doc, value, packages, names);
  const errors = [...split.hollow];
  for (const [name, own] of split.byPackage) {
    const prefix = joinPointer('/packages', name);
    for (const e of own) errors.push({ ...e, instancePath: prefix + e.instancePath });
  }
  return errors;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// A document's diagnostics, kept while the document is: an analysis of an
// include group validates every file again, though an edit changed one.
const validated = new WeakMap<ParsedDocument, CoreDiagnostic[]>();

export function validateAgainstSchema(doc: ParsedDocument, perPackageThreshold = PER_PACKAGE_THRESHOLD): CoreDiagnostic[] {
  if (perPackageThreshold !== PER_PACKAGE_THRESHOLD) return schemaDiagnostics(doc, perPackageThreshold);
  let list = validated.get(doc);
  if (!list) {
    list = schemaDiagnostics(doc, perPackageThreshold);
    validated.set(doc, list);
  }
  return [...list];
}

function schemaDiagnostics(doc: ParsedDocument, perPackageThreshold: number): CoreDiagnostic[] {
  if (doc.value === undefined) return [];
  let errors: ErrorObject[];
  try {
    errors = relevantErrors(validationErrors(doc, perPackageThreshold));
  } catch (error) {
    return [diagnostic(doc, { start: 0, end: 0 }, `the document could not be validated: ${(error as Error).message}`, '')];
  }
  const out: CoreDiagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const d = toDiagnostic(doc, error);
    const identity = `${d.range.start}:${d.range.end}:${d.message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    out.push(d);
  }
  return out;
}

// `if` reports only that its `then` failed, and a combinator's own error
// repeats what its branches said more precisely.
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.keyword === 'propertyNames') {
      const name = (e.params as { propertyName?: string }).propertyName;
      return !errors.some((other) => other !== e && other.instancePath === e.instancePath && (other as ErrorObject & { propertyName?: string }).propertyName === name);
    }
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      return !errors.some((other) => other !== e && other.instancePath.startsWith(e.instancePath) && other.keyword !== 'anyOf' && other.keyword !== 'oneOf' && other.keyword !== 'if');
    }
    return true;
  });
}

/** The deepest existing node on the path (aliases and missing values stop the walk early). */
function nearestNode(doc: ParsedDocument, pointer: string): DocNode | undefined {
  let p = pointer;
  for (;;) {
    const node = doc.node(p);
    if (node || p === '') return node ?? doc.root;
    p = parentPointer(p);
  }
}

function keyOrValueRange(doc: ParsedDocument, node: DocNode | undefined): OffsetRange {
  if (!node) return { start: 0, end: 0 };
  if (node.keyRange) return copyRange(node.keyRange);
  // The root has no key: point at its first key rather than the whole file.
  if (!node.parent && node.children.length && node.children[0].keyRange) return copyRange(node.children[0].keyRange);
  return valueRange(doc, node);
}

function describePath(pointer: string): string {
  const segments = splitPointer(pointer);
  if (segments.length === 0) return 'the document';
  const [section, name, ...rest] = segments;
  const what: Record<string, string> = { packages: 'package', stages: 'stage', envs: 'env' };
  if (what[section] && name !== undefined) {
    const head = `${what[section]} '${name}'`;
    return rest.length ? `'${rest.join('.')}' of ${head}` : head;
  }
  return `'${segments.join('.')}'`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  // What a YAML construct without a plain value gives (a !!set's members, an alias into its own anchor).
  if (value === undefined) return 'a value strap cannot read (a YAML set or a recursive alias?)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string '${value}'`;
  return `${typeof value} ${String(value)}`;
}

function listOf(values: unknown[]): string {
  const items = values.map((v) => `'${String(v)}'`);
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function diagnostic(doc: ParsedDocument, range: OffsetRange, message: string, pointer: string, extra: Partial<CoreDiagnostic> = {}): CoreDiagnostic {
  return { uri: doc.uri, range, severity: 'error', code: 'schema', message, data: { pointer }, ...extra };
}

function toDiagnostic(doc: ParsedDocument, e: ErrorObject): CoreDiagnostic {
  const at = e.instancePath;
  const node = nearestNode(doc, at);
  const exact = doc.node(at);
  const parentSchema = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String((e.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ?? (e.params as { unevaluatedProperty?: string }).unevaluatedProperty);
      const pointer = joinPointer(at, key);
      const member = doc.node(pointer);
      const allowed = Object.keys((parentSchema.properties as Record<string, unknown>) ?? {}).filter((k) => k !== '$schema');
      const candidates = suggest(key, allowed, 1);
      const hint = candidates.length ? `; did you mean '${candidates[0]}'?` : allowed.length ? `; expected one of ${listOf(allowed)}` : '';
      const fixes = candidates.length && member ? definedFixes([replaceKeyFix(doc, member, candidates[0])]) : undefined;
      return diagnostic(doc, keyOrValueRange(doc, member ?? node), `unknown key '${key}' in ${describePath(at)}${hint}`, pointer, { fixes, data: { pointer, key, suggestions: candidates } });
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return diagnostic(doc, keyOrValueRange(doc, node), `${describePath(at)} is missing the required key '${missing}'`, at, { data: { pointer: at, missing } });
    }
    case 'type': {
      const expected = String((e.params as { type: string | string[] }).type).replace(/,/g, ' or ');
      return diagnostic(doc, valueRange(doc, exact ?? node), `${describePath(at)} must be ${article(expected)}, not ${typeName(e.data)}`, at);
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const candidates = typeof e.data === 'string' ? suggest(e.data, allowed.map(String), 1) : [];
      const hint = candidates.length ? ` (did you mean '${candidates[0]}'?)` : '';
      const fixes = candidates.length && exact ? definedFixes([replaceValueFix(doc, exact, candidates[0])]) : undefined;
      return diagnostic(doc, valueRange(doc, exact ?? node), `${describePath(at)} must be one of ${listOf(allowed)}, not ${typeName(e.data)}${hint}`, at, { fixes, data: { pointer: at, suggestions: candidates } });
    }
    case 'const':
      return diagnostic(doc, valueRange(doc, exact ?? node), `${describePath(at)} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${typeName(e.data)}`, at);
    case 'pattern': {
      const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
      if (propertyName !== undefined) {
        const member = doc.node(joinPointer(at, propertyName));
        return diagnostic(doc, keyOrValueRange(doc, member ?? node), `'${propertyName}' is not a valid ${nameKind(at)}: it must match ${(e.params as { pattern: string }).pattern}`, joinPointer(at, propertyName));
      }
      const title = typeof parentSchema.title === 'string' ? parentSchema.title.toLowerCase() : 'value';
      return diagnostic(doc, valueRange(doc, exact ?? node), `${typeName(e.data)} is not a valid ${title} in ${describePath(at)}: it must match ${(e.params as { pattern: string }).pattern}`, at);
    }
    case 'propertyNames':
      return diagnostic(doc, keyOrValueRange(doc, doc.node(joinPointer(at, String((e.params as { propertyName: string }).propertyName))) ?? node), `invalid name '${(e.params as { propertyName: string }).propertyName}' in ${describePath(at)}`, at);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const p = e.params as { comparison: string; limit: number };
      return diagnostic(doc, valueRange(doc, exact ?? node), `${describePath(at)} must be ${p.comparison} ${p.limit}, not ${String(e.data)}`, at);
    }
    case 'uniqueItems': {
      const p = e.params as { i: number; j: number };
      // ajv reports the later index as i, the earlier as j.
      const later = Math.max(p.i, p.j);
      const item = doc.node(joinPointer(at, later));
      const value = Array.isArray(e.data) ? e.data[later] : undefined;
      return diagnostic(doc, valueRange(doc, item ?? exact ?? node), `${describePath(at)} lists ${typeName(value)} twice`, joinPointer(at, later), { code: 'schema' });
    }
    case 'false schema': {
      const key = splitPointer(at).pop() ?? '';
      return diagnostic(doc, keyOrValueRange(doc, exact ?? node), `'${key}' does not apply here: ${falseSchemaReason(doc, at)}`, at);
    }
    case 'minLength':
      return diagnostic(doc, valueRange(doc, exact ?? node), `${describePath(at)} must not be empty`, at);
    default:
      return diagnostic(doc, valueRange(doc, exact ?? node), `${describePath(at)} ${e.message ?? 'is invalid'}`, at);
  }
}

function valueRange(doc: ParsedDocument, node: DocNode | undefined): OffsetRange {
  if (!node) return { start: 0, end: 0 };
  if (!node.parent) {
    // The root value spans the file; its first line says enough.
    const lineBreak = doc.text.slice(node.range.start, node.range.end).search(/\r|\n/);
    return lineBreak < 0 ? copyRange(node.range) : { start: node.range.start, end: node.range.start + lineBreak };
  }
  return rangeOfValue(node);
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'null' };
  return type.split(' or ').map((t) => names[t] ?? t).join(' or ');
}

function nameKind(objectPointer: string): string {
  const last = splitPointer(objectPointer).pop();
  if (last === 'packages') return 'package name';
  if (last === 'stages') return 'stage name';
  if (last === 'envs') return 'env name';
  if (last === 'env-vars') return 'environment variable name';
  return 'name';
}

function falseSchemaReason(doc: ParsedDocument, pointer: string): string {
  const segments = splitPointer(pointer);
  if (segments[0] === 'envs' && segments.length === 3) {
    const manager = doc.node(joinPointer(joinPointer('/envs', segments[1]), 'manager'))?.value;
    return `env '${segments[1]}' uses manager '${String(manager)}', which has no '${segments[2]}'`;
  }
  return 'the schema forbids it in this place';
}
