// textDocument/completion on a debian/control document: field names,
// profile names, architectures, and binary package names with an archive.

import { CompletionItemKind, InsertTextFormat, type CompletionList, type CompletionParams } from 'vscode-languageserver/node';
import { completeControl } from '../../core/debian-control';
import { isPosition } from '../convert';
import { toPositionedRange } from '../../core/positioned';
import type { ServerContext } from '../context';
import { normalizeUri } from '../documents';
import type { ControlDocuments } from './control-documents';

const KIND: Record<string, CompletionItemKind> = { key: CompletionItemKind.Property, value: CompletionItemKind.EnumMember, package: CompletionItemKind.Module };

export function controlCompletion(ctx: ServerContext, docs: ControlDocuments) {
  return (params: CompletionParams): CompletionList => {
    const snapshot = docs.current(normalizeUri(params.textDocument?.uri));
    if (!snapshot || !isPosition(params.position)) return { isIncomplete: false, items: [] };
    const { model, lineIndex } = snapshot.analysis;
    const archive = snapshot.archive;
    const result = completeControl(model, lineIndex.offsetAt(params.position), archive ? () => archive.packageNames() : undefined);
    return {
      isIncomplete: result.isIncomplete,
      items: result.items.map((item) => ({
        label: item.label,
        kind: KIND[item.kind] ?? CompletionItemKind.Text,
        textEdit: { range: toPositionedRange(lineIndex, item.range), newText: item.insertText },
        insertTextFormat: InsertTextFormat.PlainText,
        ...(item.documentation ? { documentation: ctx.client.markdown.completion ? { kind: 'markdown' as const, value: item.documentation } : item.documentation } : {}),
      })),
    };
  };
}
