// textDocument/codeAction on a debian/control document: the fixes the core
// attached to the diagnostics under the cursor or echoed by the client
// (matched by code and message, never by the echoed columns), each with its
// edit.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { CoreDiagnostic } from '../../core/types';
import { toPositionedDiagnostic, toPositionedRange } from '../../core/positioned';
import type { ServerContext } from '../context';
import { normalizeUri } from '../documents';
import { offsetAt } from '../convert';
import type { ControlDocuments } from './control-documents';

export function controlCodeActions(ctx: ServerContext, docs: ControlDocuments) {
  return (params: CodeActionParams): CodeAction[] => {
    const uri = normalizeUri(params.textDocument?.uri);
    const snapshot = docs.current(uri);
    if (!snapshot) return [];
    const only = Array.isArray(params.context?.only) ? params.context.only : undefined;
    if (only && only.length > 0 && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return [];
    const { diagnostics, lineIndex } = snapshot.analysis;
    const index = { lineIndex } as Parameters<typeof offsetAt>[0];
    const start = offsetAt(index, params.range?.start);
    const end = offsetAt(index, params.range?.end);
    const echoed = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics.filter((d) => d && typeof d === 'object') : [];
    const picked: CoreDiagnostic[] = [];
    for (const d of diagnostics) {
      if (!d.fixes?.length) continue;
      const byEcho = echoed.some((e) => String(e.code ?? '') === d.code && e.message === d.message);
      const byRange = start !== undefined && end !== undefined && d.range.start <= Math.max(start, end) && Math.min(start, end) <= d.range.end;
      if (byEcho || (echoed.length === 0 && byRange)) picked.push(d);
    }
    const actions: CodeAction[] = [];
    const seen = new Set<string>();
    for (const d of picked) {
      const positioned = toPositionedDiagnostic(d, () => lineIndex) as Diagnostic;
      for (const fix of d.fixes ?? []) {
        const edits: TextEdit[] = fix.changes.filter((c) => c.uri === uri).flatMap((c) => c.edits.map((e) => ({ range: toPositionedRange(lineIndex, e.range), newText: e.newText })));
        const key = `${fix.title}\u0000${JSON.stringify(edits)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const clientUri = ctx.documents.clientUri(uri);
        const edit = ctx.client.documentChanges
          ? { documentChanges: [{ textDocument: { uri: clientUri, version: snapshot.version ?? null }, edits }] }
          : { changes: { [clientUri]: edits } };
        const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [positioned], edit };
        if (fix.isPreferred) action.isPreferred = true;
        actions.push(action);
      }
    }
    return actions;
  };
}
