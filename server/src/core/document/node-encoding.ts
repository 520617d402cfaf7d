// A DocNode tree as flat arrays, to pass it between threads: structured
// cloning of a million small objects with parent links costs more than
// building them again, so a helper thread sends numbers and strings and the
// receiving thread rebuilds the nodes (and their plain values) from them.

import { DocNode, membersObject, NO_CHILDREN, type NodeKind } from './parsed-document';

export interface EncodedTree {
  /** Per node in pre-order: FIELDS integers (see the constants below). */
  ints: Int32Array;
  /** Keys and string values, in pre-order. */
  strings: string[];
  /** Number values, in pre-order. */
  numbers: Float64Array;
}

const FIELDS = 6;
const KINDS: NodeKind[] = ['object', 'array', 'string', 'number', 'boolean', 'null'];
const KIND_CODE = new Map<NodeKind, number>(KINDS.map((k, i) => [k, i]));

// What a leaf's value is (containers rebuild theirs from their children).
const V_UNDEFINED = 0;
const V_NULL = 1;
const V_STRING = 2;
const V_NUMBER = 3;
const V_TRUE = 4;
const V_FALSE = 5;
const V_CONTAINER = 6;

/**
 * The tree under `root` as flat arrays; undefined when a value is of a kind
 * the arrays do not carry (the caller then keeps to one thread). The root's
 * own value is not carried: the chunked parse assembles it itself.
 */
export function encodeTree(root: DocNode): EncodedTree | undefined {
  const order: DocNode[] = [];
  const stack: DocNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    order.push(node);
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  const ints = new Int32Array(order.length * FIELDS);
  const strings: string[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    const at = i * FIELDS;
    let valueCode: number;
    const value = node.value;
    if (node.kind === 'object' || node.kind === 'array') valueCode = V_CONTAINER;
    else if (value === undefined) valueCode = V_UNDEFINED;
    else if (value === null) valueCode = V_NULL;
    else if (typeof value === 'string') valueCode = V_STRING;
    else if (typeof value === 'number') valueCode = V_NUMBER;
    else if (value === true) valueCode = V_TRUE;
    else if (value === false) valueCode = V_FALSE;
    else return undefined;
    const hasKey = node.key !== undefined ? 1 : 0;
    ints[at] = KIND_CODE.get(node.kind)! | (node.flow ? 8 : 0) | (valueCode << 4) | (hasKey << 8);
    ints[at + 1] = node.range.start;
    ints[at + 2] = node.range.end;
    ints[at + 3] = node.keyRange ? node.keyRange.start : -1;
    ints[at + 4] = node.keyRange ? node.keyRange.end : -1;
    ints[at + 5] = node.children.length;
    if (hasKey) strings.push(node.key!);
    if (valueCode === V_STRING) strings.push(value as string);
    else if (valueCode === V_NUMBER) numbers.push(value as number);
  }
  return { ints, strings, numbers: Float64Array.from(numbers) };
}

/** The tree encodeTree encoded, with parents, indexes and the plain values of every container but the root. */
export function decodeTree(encoded: EncodedTree): DocNode {
  const { ints, strings, numbers } = encoded;
  const count = ints.length / FIELDS;
  const nodes: DocNode[] = new Array(count);
  let stringAt = 0;
  let numberAt = 0;
  // The open containers and how many children each has so far (their arrays are sized exactly).
  const open: DocNode[] = [];
  const filled: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * FIELDS;
    const head = ints[at];
    const kind = KINDS[head & 7];
    const valueCode = (head >> 4) & 15;
    const key = head & 256 ? strings[stringAt++] : undefined;
    let value: unknown;
    if (valueCode === V_STRING) value = strings[stringAt++];
    else if (valueCode === V_NUMBER) value = numbers[numberAt++];
    else if (valueCode === V_NULL) value = null;
    else if (valueCode === V_TRUE) value = true;
    else if (valueCode === V_FALSE) value = false;
    const keyRange = ints[at + 3] >= 0 ? { start: ints[at + 3], end: ints[at + 4] } : undefined;
    const childCount = ints[at + 5];
    const parent = open.length ? open[open.length - 1] : undefined;
    const position = parent ? filled[filled.length - 1] : 0;
    const index = parent && parent.kind === 'array' ? position : undefined;
    const children = valueCode === V_CONTAINER ? new Array<DocNode>(childCount) : NO_CHILDREN;
    const node = new DocNode(kind, { start: ints[at + 1], end: ints[at + 2] }, keyRange, key, index, parent, children, (head & 8) !== 0, value);
    nodes[i] = node;
    if (parent) {
      parent.children[position] = node;
      if (position + 1 === parent.children.length) {
        open.pop();
        filled.pop();
      } else {
        filled[filled.length - 1] = position + 1;
      }
    }
    if (childCount > 0) {
      open.push(node);
      filled.push(0);
    }
  }
  // Children come after their parent in pre-order: values bottom-up.
  for (let i = count - 1; i > 0; i--) {
    const node = nodes[i];
    if (node.kind === 'object') node.value = membersObject(node.children);
    else if (node.kind === 'array') node.value = node.children.map((c) => c.value);
  }
  return nodes[0];
}
