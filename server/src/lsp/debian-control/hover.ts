// textDocument/hover on a debian/control document: field documentation, a
// restriction formula in words, and on `Source:` the source's place in the
// archive's bootstrap plan (with an archive).

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { hoverControl } from '../../core/debian-control';
import { fieldOf } from '../../core/debian-control/deb822-document';
import { isPosition } from '../convert';
import { toPositionedRange } from '../../core/positioned';
import type { ServerContext } from '../context';
import { normalizeUri } from '../documents';
import type { ControlDocuments } from './control-documents';

export function controlHover(ctx: ServerContext, docs: ControlDocuments) {
  return (params: HoverParams): Hover | null => {
    const snapshot = docs.current(normalizeUri(params.textDocument?.uri));
    if (!snapshot || !isPosition(params.position)) return null;
    const { model, lineIndex } = snapshot.analysis;
    const offset = lineIndex.offsetAt(params.position);
    const kind = ctx.client.markdown.hover ? MarkupKind.Markdown : MarkupKind.PlainText;
    const sourceField = model.source && fieldOf(model.source, 'Source');
    if (sourceField && sourceField.range.start <= offset && offset <= sourceField.range.end && snapshot.archive) {
      const text = snapshot.archive.sourceHover(model);
      if (text) return { contents: { kind, value: text }, range: toPositionedRange(lineIndex, sourceField.range) };
    }
    const result = hoverControl(model, offset);
    if (!result) return null;
    return { contents: { kind, value: result.contents }, range: toPositionedRange(lineIndex, result.range) };
  };
}
