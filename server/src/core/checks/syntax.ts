// Syntax problems the parser found (YAML/JSON errors, duplicate keys, alias
// bombs, excessive nesting) as diagnostics.

import type { CoreDiagnostic } from '../types';
import type { ParsedDocument } from '../document/parsed-document';

export function syntaxDiagnostics(doc: ParsedDocument): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = doc.problems.map((p) => ({
    uri: doc.uri,
    range: p.range,
    severity: 'error' as const,
    code: p.code,
    message: p.message,
  }));
  if (doc.root === undefined && doc.problems.length === 0) {
    out.push({ uri: doc.uri, range: { start: 0, end: 0 }, severity: 'error', code: 'schema', message: "the document is empty; a bootstrap file needs at least 'version: 1'" });
  }
  return out;
}
