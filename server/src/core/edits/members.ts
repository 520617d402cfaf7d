// Object members: set (insert or replace), remove, rename.

import type { OffsetEdit } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { joinPointer, splitPointer } from '../document/json-pointer';
import { EditError, describePointer } from './edit-error';
import { textOf } from '../text/piece-text';
import { blockInsertAfter, emptyValueInsert, flowInsert, removeEntries } from './containers';
import {
  afterColonPoint, blockMapColumn, bracePadding, blockStart, bomLength, colonAfterKey, columnOf, contentEnd, deleteLines,
  entryStart, finish, insert, isAlias, isBreak, isFirstOnLine, isHSpace, jsonUnit, leadingWhitespace, lineEndAt,
  lineOf, lineStartAt, listStyleIn, replace, skipTrivia, yamlHabits,
} from './layout';
import { replaceListNode } from './list-diff';
import { flowText, jsonText, replaceScalarNode } from './scalars';
import {
  type YamlBlockOptions, deepEqual, isPlainObject, isScalarValue, singleMember, validateValue,
  yamlBlock, yamlDoubleQuoted, yamlKey, yamlMemberLines, yamlSingleQuoted,
} from './serialize';

export interface SetMemberOptions {
  /** Place a new member right after this sibling (when it exists; otherwise at the end). */
  after?: string;
  /** Create missing objects along `objectPointer` (default true). */
  createPath?: boolean;
  /**
   * How a new list is written in a YAML block map: `auto` (default) follows
   * the other non-empty lists of the map (or of its sibling maps), flow
   * `[a, b]` when there are none; `flow` or `block` force a style.
   */
  listStyle?: 'auto' | 'flow' | 'block';
}

// YAML allows implicit keys of at most 1024 characters.
const MAX_YAML_KEY = 1000;

function checkKey(doc: ParsedDocument, key: string): void {
  if (doc.language === 'yaml' && key.length > MAX_YAML_KEY) {
    throw new EditError('unsupported', `a YAML key of ${key.length} characters is too long to write as an implicit key`);
  }
}

function blockOptions(doc: ParsedDocument, map: DocNode | undefined, listStyle: SetMemberOptions['listStyle']): YamlBlockOptions {
  const habits = yamlHabits(doc);
  const style = listStyleIn(doc, map, listStyle);
  return { quote: habits.quote, unit: habits.unit, seqOffset: style.seqOffset, blockSeq: style.block, padded: bracePadding(doc) };
}

/**
 * Sets `key` of the object at `objectPointer` to `valueJson`: replaces the
 * value of an existing member (a list by a minimal diff, a scalar keeping
 * its quotes), or inserts a new member in the style of its siblings. A null
 * object (`gcc:` / `gcc: ~`) becomes a nested map; missing objects on the
 * way are created unless `createPath` is false.
 */
export function setMember(
  doc: ParsedDocument, objectPointer: string, key: string, valueJson: unknown, options: SetMemberOptions = {},
): OffsetEdit[] {
  if (typeof key !== 'string') throw new EditError('invalid-value', 'a member key must be a string');
  checkKey(doc, key);
  if (valueJson === undefined) throw new EditError('invalid-value', 'the value is undefined');
  validateValue(valueJson);
  return finish(doc, setMemberEdits(doc, objectPointer, key, valueJson, options));
}

function setMemberEdits(doc: ParsedDocument, objectPointer: string, key: string, value: unknown, options: SetMemberOptions): OffsetEdit[] {
  const object = doc.node(objectPointer);
  if (!object) {
    if (options.createPath === false) throw new EditError('not-found', `there is no object at ${describePointer(objectPointer)}`);
    return createPath(doc, objectPointer, key, value, options);
  }
  if (object.kind === 'null' && !isAlias(doc, object)) return fillNull(doc, object, singleMember(key, value), options);
  if (object.kind !== 'object' || isAlias(doc, object)) {
    throw new EditError('not-an-object', `${describePointer(objectPointer)} is ${isAlias(doc, object) ? 'an alias' : `a ${object.kind}`}, not an object`);
  }
  const existing = object.children.find((c) => c.key === key);
  if (existing) return replaceMemberValue(doc, existing, value, options);
  const after = options.after !== undefined ? object.children.find((c) => c.key === options.after) : undefined;
  return insertMember(doc, object, key, value, after, options);
}

function insertMember(
  doc: ParsedDocument, object: DocNode, key: string, value: unknown, after: DocNode | undefined, options: SetMemberOptions,
): OffsetEdit[] {
  if (object.flow) {
    const index = after ? object.children.indexOf(after) : -1;
    const before = index >= 0 && index + 1 < object.children.length ? object.children[index + 1] : undefined;
    if (doc.language === 'json') {
      const unit = jsonUnit(doc);
      const eol = doc.lineIndex.eol;
      return flowInsert(doc, object, ({ multiline, indent }) =>
        [`${JSON.stringify(key)}: ${jsonText(doc, value, multiline ? { indent, unit, eol } : undefined)}`], before);
    }
    const quote = yamlHabits(doc).quote;
    return flowInsert(doc, object, () => [`${yamlKey(key, true, quote)}: ${flowText(doc, value)}`], before);
  }
  const anchor = after ?? object.children[object.children.length - 1];
  if (!anchor) throw new EditError('unsupported', `${describePointer(object.pointer)} is an empty block map`);
  const indent = ' '.repeat(blockMapColumn(doc, object));
  return [blockInsertAfter(doc, anchor, indent, yamlMemberLines(key, value, blockOptions(doc, object, options.listStyle)))];
}

/** Creates the missing objects of `objectPointer` below its deepest existing ancestor. */
function createPath(doc: ParsedDocument, objectPointer: string, key: string, value: unknown, options: SetMemberOptions): OffsetEdit[] {
  const segments = splitPointer(objectPointer);
  let nested: unknown = singleMember(key, value);
  for (let k = segments.length - 1; k >= 0; k--) {
    const ancestor = segments.slice(0, k).reduce((p, s) => joinPointer(p, s), '');
    if (doc.node(ancestor)) return setMemberEdits(doc, ancestor, segments[k], nested, { ...options, after: undefined });
    nested = singleMember(segments[k], nested);
  }
  return intoEmptyDocument(doc, nested as Record<string, unknown>, options);
}

function intoEmptyDocument(doc: ParsedDocument, object: Record<string, unknown>, options: SetMemberOptions): OffsetEdit[] {
  const text = doc.source;
  const eol = doc.lineIndex.eol;
  const prefix = text.length > bomLength(text) && !isBreak(text.charAt(text.length - 1)) ? eol : '';
  if (doc.language === 'json') {
    if (skipTrivia(doc, bomLength(text)) < text.length) {
      throw new EditError('unsupported', 'the document has no value but is not empty (a syntax error?)');
    }
    return [insert(text.length, prefix + jsonText(doc, object, { indent: '', unit: jsonUnit(doc), eol }) + eol)];
  }
  if (/^\.\.\.[ \t]*$/m.test(textOf(text))) throw new EditError('unsupported', 'the document has an explicit end marker (...)');
  const out = yamlBlock(object, blockOptions(doc, undefined, options.listStyle));
  const lines = 'inline' in out ? [out.inline] : out.lines;
  return [insert(text.length, prefix + lines.join(eol) + eol)];
}

/**
 * Turns a null (`gcc:`, `gcc: ~`, `"gcc": null`) into an object with the
 * given members: a nested block map under a block map key, a flow map
 * elsewhere in YAML, the file's layout in JSON.
 */
function fillNull(doc: ParsedDocument, node: DocNode, object: Record<string, unknown>, options: SetMemberOptions): OffsetEdit[] {
  const text = doc.source;
  const eol = doc.lineIndex.eol;
  const { start, end } = node.range;
  if (doc.language === 'json') {
    if (start === end) throw new EditError('unsupported', `${describePointer(node.pointer)} has no value (a syntax error?)`);
    const multiline = !node.parent || isFirstOnLine(doc, entryStart(doc, node));
    const layout = multiline ? { indent: leadingWhitespace(doc, start), unit: jsonUnit(doc), eol } : undefined;
    return [replace(start, end, jsonText(doc, object, layout))];
  }
  const parent = node.parent;
  if (parent && parent.kind === 'object' && !parent.flow && node.keyRange && Object.keys(object).length) {
    const colon = colonAfterKey(doc, node);
    if (colon < 0) throw new EditError('unsupported', `the key of ${describePointer(node.pointer)} has no ':'`);
    const options_ = blockOptions(doc, node, options.listStyle);
    const out = yamlBlock(object, options_);
    if ('inline' in out) return [replace(start, contentEnd(doc, node), out.inline)];
    const indent = ' '.repeat(columnOf(doc, entryStart(doc, node)) + options_.unit);
    const body = out.lines.map((l) => eol + indent + l).join('');
    if (start === end) return [insert(lineEndAt(doc, colon), body)];
    if (lineOf(doc, start) !== lineOf(doc, colon)) return [replace(start, contentEnd(doc, node), flowText(doc, object))];
    let from = start;
    while (from > colon + 1 && isHSpace(text.charAt(from - 1))) from--;
    return [replace(from, contentEnd(doc, node), ''), insert(lineEndAt(doc, start), body)];
  }
  if (!parent && end > start && columnOf(doc, start) === 0 && Object.keys(object).length) {
    const out = yamlBlock(object, blockOptions(doc, undefined, options.listStyle));
    if (!('inline' in out)) return [replace(start, contentEnd(doc, node), out.lines.join(eol))];
  }
  const inline = flowText(doc, object);
  if (start === end) return emptyValueInsert(doc, node, inline);
  return [replace(start, contentEnd(doc, node), inline)];
}

function replaceMemberValue(doc: ParsedDocument, member: DocNode, value: unknown, options: SetMemberOptions): OffsetEdit[] {
  const alias = isAlias(doc, member);
  if (!alias && deepEqual(member.value, value)) return [];
  if (!alias && member.kind === 'array' && Array.isArray(value) && value.every(isScalarValue)) {
    return replaceListNode(doc, member, value);
  }
  if (!alias && member.kind !== 'object' && member.kind !== 'array' && isScalarValue(value)) {
    return replaceScalarNode(doc, member, value);
  }
  if (!alias && member.kind === 'null' && isPlainObject(value) && Object.keys(value).length) {
    return fillNull(doc, member, value, options);
  }
  return replaceValue(doc, member, value, options);
}

/** Replaces a member's value wholesale, moving between inline and block layout as needed. */
function replaceValue(doc: ParsedDocument, member: DocNode, value: unknown, options: SetMemberOptions): OffsetEdit[] {
  const text = doc.source;
  const eol = doc.lineIndex.eol;
  const { start, end } = member.range;
  if (doc.language === 'json') {
    if (start === end) throw new EditError('unsupported', `${describePointer(member.pointer)} has no value (a syntax error?)`);
    const memberStart = entryStart(doc, member);
    const layout = isFirstOnLine(doc, memberStart) ? { indent: leadingWhitespace(doc, memberStart), unit: jsonUnit(doc), eol } : undefined;
    return [replace(start, end, jsonText(doc, value, layout))];
  }
  const parent = member.parent!;
  if (parent.flow) {
    const inline = flowText(doc, value);
    if (start === end) return emptyValueInsert(doc, member, inline);
    return [replace(start, contentEnd(doc, member), inline)];
  }
  const alias = isAlias(doc, member);
  const listStyle = options.listStyle && options.listStyle !== 'auto' ? options.listStyle
    : member.kind === 'array' && member.children.length && !alias ? (member.flow ? 'flow' : 'block') : options.listStyle;
  const blockOpts = blockOptions(doc, parent, listStyle);
  const out = yamlBlock(value, blockOpts);
  const oldBlock = (member.kind === 'object' || member.kind === 'array') && !member.flow && !alias && member.children.length > 0;
  const end_ = contentEnd(doc, member);
  if ('inline' in out) {
    if (!oldBlock) {
      if (start === end) return emptyValueInsert(doc, member, out.inline);
      return [replace(start, end_, out.inline)];
    }
    const colon = colonAfterKey(doc, member);
    if (colon < 0) throw new EditError('unsupported', `the key of ${describePointer(member.pointer)} has no ':'`);
    return [
      insert(afterColonPoint(doc, colon), ' ' + out.inline),
      deleteLines(doc, lineOf(doc, blockStart(doc, member)), lineOf(doc, end_)),
    ];
  }
  const indent = ' '.repeat(columnOf(doc, entryStart(doc, member)) + (out.kind === 'seq' ? blockOpts.seqOffset : blockOpts.unit));
  if (oldBlock) {
    return [replace(lineStartAt(doc, blockStart(doc, member)), end_, out.lines.map((l) => indent + l).join(eol))];
  }
  const colon = colonAfterKey(doc, member);
  if (colon < 0) throw new EditError('unsupported', `the key of ${describePointer(member.pointer)} has no ':'`);
  const body = out.lines.map((l) => eol + indent + l).join('');
  if (start === end) return [insert(lineEndAt(doc, colon), body)];
  if (lineOf(doc, start) !== lineOf(doc, colon)) {
    return [replace(lineStartAt(doc, start), end_, out.lines.map((l) => indent + l).join(eol))];
  }
  let from = start;
  while (from > colon + 1 && isHSpace(text.charAt(from - 1))) from--;
  return [replace(from, end_, ''), insert(lineEndAt(doc, end_), body)];
}

/** Removes a member (its line in a block map; `, key: v` in a flow map; `{}` when it was the only one). */
export function removeMember(doc: ParsedDocument, memberPointer: string): OffsetEdit[] {
  const node = doc.node(memberPointer);
  if (!node) throw new EditError('not-found', `nothing at ${describePointer(memberPointer)}`);
  if (!node.keyRange || !node.parent) throw new EditError('not-a-member', `${describePointer(memberPointer)} is not an object member`);
  const index = node.parent.children.indexOf(node);
  return finish(doc, removeEntries(doc, node.parent, index, index));
}

/** Renames a member's key, keeping its quoting style; refuses when the new key already exists. */
export function renameKey(doc: ParsedDocument, memberPointer: string, newKey: string): OffsetEdit[] {
  if (typeof newKey !== 'string') throw new EditError('invalid-value', 'a key must be a string');
  checkKey(doc, newKey);
  const node = doc.node(memberPointer);
  if (!node) throw new EditError('not-found', `nothing at ${describePointer(memberPointer)}`);
  if (!node.keyRange || !node.parent) throw new EditError('not-a-member', `${describePointer(memberPointer)} is not an object member`);
  if (node.key === newKey) return [];
  if (node.parent.children.some((c) => c !== node && c.key === newKey)) {
    throw new EditError('duplicate-key', `${describePointer(node.parent.pointer)} already has a member '${newKey}'`);
  }
  const { start, end } = node.keyRange;
  if (start === end) throw new EditError('unsupported', `the member ${describePointer(memberPointer)} has an empty key`);
  if (doc.language === 'json') return finish(doc, [replace(start, end, JSON.stringify(newKey))]);
  const first = doc.source.charAt(start);
  let out: string;
  if (first === '"') out = yamlDoubleQuoted(newKey);
  else if (first === "'") out = yamlSingleQuoted(newKey) ?? yamlDoubleQuoted(newKey);
  else if ('[{*&!|>'.includes(first)) throw new EditError('unsupported', `the key of ${describePointer(memberPointer)} is not a plain scalar`);
  else out = yamlKey(newKey, node.parent.flow, yamlHabits(doc).quote);
  return finish(doc, [replace(start, end, out)]);
}
