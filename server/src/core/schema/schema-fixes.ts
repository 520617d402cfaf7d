// Did-you-mean fixes for schema errors: replace a misspelt key or enum value.

import type { Fix } from '../types';
import type { DocNode, ParsedDocument } from '../document/parsed-document';
import { renameKey, replaceScalar } from '../edits';
import { makeFix } from '../fixes/make-fix';

export function replaceKeyFix(doc: ParsedDocument, member: DocNode, key: string): Fix | undefined {
  return makeFix(`Change to '${key}'`, () => [{ uri: doc.uri, edits: renameKey(doc, member.pointer, key) }], { isPreferred: true });
}

export function replaceValueFix(doc: ParsedDocument, node: DocNode, value: string): Fix | undefined {
  return makeFix(`Change to '${value}'`, () => [{ uri: doc.uri, edits: replaceScalar(doc, node.pointer, value) }], { isPreferred: true });
}
