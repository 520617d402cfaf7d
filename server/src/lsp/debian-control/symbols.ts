// textDocument/documentSymbol on a debian/control document: one symbol per
// stanza (the source, each binary) with its fields.

import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation } from 'vscode-languageserver/node';
import { symbolsControl } from '../../core/debian-control';
import { toPositionedRange } from '../../core/positioned';
import type { ServerContext } from '../context';
import { normalizeUri } from '../documents';
import type { ControlDocuments } from './control-documents';

export function controlSymbols(ctx: ServerContext, docs: ControlDocuments) {
  return (params: DocumentSymbolParams): DocumentSymbol[] | SymbolInformation[] => {
    const uri = normalizeUri(params.textDocument?.uri);
    const snapshot = docs.current(uri);
    if (!snapshot) return [];
    const { model, lineIndex } = snapshot.analysis;
    const range = (r: { start: number; end: number }) => toPositionedRange(lineIndex, r);
    const symbols = symbolsControl(model);
    if (!ctx.client.hierarchicalSymbols) {
      const out: SymbolInformation[] = [];
      for (const s of symbols) {
        out.push({ name: s.name, kind: SymbolKind.Package, location: { uri: ctx.documents.clientUri(uri), range: range(s.range) } });
        for (const c of s.children) out.push({ name: c.name, kind: SymbolKind.Property, containerName: s.name, location: { uri: ctx.documents.clientUri(uri), range: range(c.range) } });
      }
      return out;
    }
    return symbols.map((s) => ({
      name: s.name,
      detail: s.detail,
      kind: SymbolKind.Package,
      range: range(s.range),
      selectionRange: range(s.selectionRange),
      children: s.children.map((c) => ({ name: c.name, kind: SymbolKind.Property, range: range(c.range), selectionRange: range(c.selectionRange), children: [] })),
    }));
  };
}
