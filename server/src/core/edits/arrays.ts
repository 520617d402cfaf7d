// Lists: replace all items (minimal diff), append one, remove one.

import type { OffsetEdit } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { parentPointer, splitPointer } from '../document/json-pointer';
import { EditError, describePointer } from './edit-error';
import { blockInsertAfter, flowInsert, removeEntries } from './containers';
import { blockSeqColumn, finish, isAlias, replace } from './layout';
import { replaceListNode } from './list-diff';
import { setMember } from './members';
import { flowText, scalarText } from './scalars';
import { type Scalar, isScalarValue, validateValue } from './serialize';

/**
 * Where a list is missing or null, the list is set as a member of its
 * parent object instead (creating the path if needed).
 */
function setAsMember(doc: ParsedDocument, arrayPointer: string, value: unknown[]): OffsetEdit[] {
  const segments = splitPointer(arrayPointer);
  if (!segments.length) throw new EditError('not-an-array', 'the document root is not an array');
  const parent = doc.node(parentPointer(arrayPointer));
  if (parent && parent.kind === 'array') {
    throw new EditError('not-an-array', `${describePointer(arrayPointer)} is not an array`);
  }
  return setMember(doc, parentPointer(arrayPointer), segments[segments.length - 1], value);
}

function arrayAt(doc: ParsedDocument, arrayPointer: string): DocNode | undefined {
  const node = doc.node(arrayPointer);
  if (!node || (node.kind === 'null' && !isAlias(doc, node))) return undefined;
  if (node.kind !== 'array') throw new EditError('not-an-array', `${describePointer(arrayPointer)} is a ${node.kind}, not an array`);
  return node;
}

/**
 * Makes the list at `arrayPointer` hold exactly `items`, keeping its style:
 * unchanged items are not touched, changed items are rewritten in place,
 * removed ones deleted (`b, ` from `[a, b, c]`; the line of a block item),
 * new ones inserted next to their neighbours. A missing or null list is
 * created as a member of its parent object.
 */
export function replaceList(doc: ParsedDocument, arrayPointer: string, items: readonly Scalar[]): OffsetEdit[] {
  if (!Array.isArray(items) || !items.every(isScalarValue)) throw new EditError('invalid-value', 'items must be strings (or other scalars)');
  validateValue(items);
  const node = arrayAt(doc, arrayPointer);
  if (!node) return setAsMember(doc, arrayPointer, [...items]);
  if (isAlias(doc, node)) {
    const text = flowText(doc, items);
    return finish(doc, [replace(node.range.start, node.range.end, text)]);
  }
  return finish(doc, replaceListNode(doc, node, items));
}

/** Appends one item to the list at `arrayPointer` (creating the list when missing or null). */
export function appendArrayItem(doc: ParsedDocument, arrayPointer: string, value: unknown): OffsetEdit[] {
  if (value === undefined) throw new EditError('invalid-value', 'the value is undefined');
  validateValue(value);
  const node = arrayAt(doc, arrayPointer);
  if (!node) return setAsMember(doc, arrayPointer, [value]);
  if (isAlias(doc, node)) throw new EditError('unsupported', `${describePointer(arrayPointer)} is an alias`);
  const text = isScalarValue(value) ? scalarText(doc, node, value) : flowText(doc, value);
  if (node.flow) return finish(doc, flowInsert(doc, node, () => [text]));
  const last = node.children[node.children.length - 1];
  const indent = ' '.repeat(blockSeqColumn(doc, node));
  return finish(doc, [blockInsertAfter(doc, last, indent, [`- ${text}`])]);
}

/** Removes the item at `itemPointer` (`b, ` from `[a, b, c]`, its line from a block list; `[]` when it was the last). */
export function removeArrayItem(doc: ParsedDocument, itemPointer: string): OffsetEdit[] {
  const node = doc.node(itemPointer);
  if (!node) throw new EditError('not-found', `nothing at ${describePointer(itemPointer)}`);
  const parent = node.parent;
  if (!parent || parent.kind !== 'array' || node.index === undefined) {
    throw new EditError('not-an-item', `${describePointer(itemPointer)} is not an array item`);
  }
  return finish(doc, removeEntries(doc, parent, node.index, node.index));
}
