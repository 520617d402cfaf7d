// textDocument/foldingRange on a debian/control document: stanzas, multi-line fields, comment runs.

import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver/node';
import { foldingControl } from '../../core/debian-control';
import { normalizeUri } from '../documents';
import type { ControlDocuments } from './control-documents';

export function controlFolding(docs: ControlDocuments) {
  return (params: FoldingRangeParams): FoldingRange[] => {
    const snapshot = docs.current(normalizeUri(params.textDocument?.uri));
    if (!snapshot) return [];
    return foldingControl(snapshot.analysis.model, snapshot.analysis.lineIndex).map((r) => {
      const out: FoldingRange = { startLine: r.startLine, endLine: r.endLine };
      if (r.kind === 'comment') out.kind = FoldingRangeKind.Comment;
      else if (r.kind === 'region') out.kind = FoldingRangeKind.Region;
      return out;
    });
  };
}
