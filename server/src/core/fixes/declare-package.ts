// "Declare package X": add an empty declaration under `packages`, creating
// the section when the file has none.

import type { OffsetEdit } from '../types';
import type { ParsedDocument } from '../document/parsed-document';
import { setMember } from '../edits';

export function declarePackage(doc: ParsedDocument, name: string): OffsetEdit[] {
  if (doc.node('/packages')) return setMember(doc, '/packages', name, {});
  return setMember(doc, '', 'packages', { [name]: {} });
}
