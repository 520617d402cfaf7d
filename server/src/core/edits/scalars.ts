// Replacing one scalar value, keeping its quoting style.

import type { OffsetEdit } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { EditError, describePointer } from './edit-error';
import { emptyValueInsert } from './containers';
import { bracePadding, contentEnd, finish, isAlias, replace, yamlHabits } from './layout';
import {
  type JsonLayout, type Scalar, isScalarValue, jsonInline, jsonScalar, jsonValue, yamlDoubleQuoted, yamlFlow, yamlScalar,
  yamlSingleQuoted, yamlString,
} from './serialize';

/** A scalar written for a place under `parent` (flow or block context), in the file's default style. */
export function scalarText(doc: ParsedDocument, parent: DocNode | undefined, value: Scalar): string {
  if (doc.language === 'json') return jsonScalar(value);
  return yamlScalar(value, !!parent?.flow, yamlHabits(doc).quote);
}

/**
 * The scalar text replacing `node`: a string keeps the node's quotes (double,
 * single, or none when it can be plain); a block scalar becomes a plain or
 * quoted one; numbers, booleans and null are written bare.
 */
export function replaceScalarNode(doc: ParsedDocument, node: DocNode, value: Scalar): OffsetEdit[] {
  const { start, end } = node.range;
  if (doc.language === 'json') {
    if (start === end) return emptyValueInsert(doc, node, jsonScalar(value));
    return [replace(start, end, jsonScalar(value))];
  }
  const flow = !!node.parent?.flow;
  const quote = yamlHabits(doc).quote;
  if (start === end) return emptyValueInsert(doc, node, yamlScalar(value, flow, quote));
  let out: string;
  if (typeof value === 'string') {
    const first = doc.source.charAt(start);
    if (first === '"') out = yamlDoubleQuoted(value);
    else if (first === "'") out = yamlSingleQuoted(value) ?? yamlDoubleQuoted(value);
    else out = yamlString(value, flow, quote);
  } else {
    out = yamlScalar(value, flow, quote);
  }
  return [replace(start, contentEnd(doc, node), out)];
}

/** Replaces the scalar at `pointer` (an alias is replaced by the value itself). */
export function replaceScalar(doc: ParsedDocument, pointer: string, newValue: Scalar): OffsetEdit[] {
  if (!isScalarValue(newValue) || (typeof newValue === 'number' && !Number.isFinite(newValue))) {
    throw new EditError('invalid-value', 'replaceScalar takes a string, a finite number, a boolean or null');
  }
  const node = doc.node(pointer);
  if (!node) throw new EditError('not-found', `nothing at ${describePointer(pointer)}`);
  if ((node.kind === 'object' || node.kind === 'array') && !isAlias(doc, node)) {
    throw new EditError('not-a-scalar', `${describePointer(pointer)} is ${node.kind === 'object' ? 'an object' : 'an array'}, not a scalar`);
  }
  if (node.value === newValue && !isAlias(doc, node)) return [];
  return finish(doc, replaceScalarNode(doc, node, newValue));
}

/** Any value on one line in flow style, for this file (`[a, b]`, `{ k: v }` or `{k: v}` as the file writes braces). */
export function flowText(doc: ParsedDocument, value: unknown): string {
  if (doc.language === 'json') return jsonInline(value, bracePadding(doc));
  return yamlFlow(value, yamlHabits(doc).quote, bracePadding(doc));
}

/** A JSON value for this file: over several lines at `layout` when given (objects only). */
export function jsonText(doc: ParsedDocument, value: unknown, layout: JsonLayout | undefined): string {
  return jsonValue(value, layout, bracePadding(doc));
}
