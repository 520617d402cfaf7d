// textDocument/inlayHint: each package's place in the bootstrap plan after
// its key (`strap.inlayHints.enable` turns them off). The client is asked to
// refresh when the hints of an open file change, e.g. by an edit elsewhere.

import {
  InlayHintRequest, MarkupKind,
  type Connection, type InlayHint, type InlayHintParams, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { inlayHints } from '../core/services';
import type { ServerContext } from './context';
import type { Feature } from './features';
import type { Snapshot } from './analysis-scheduler';
import { documentAt, offsetRange } from './convert';
import { checkCancelled, onRequest } from './guard';

export const inlayHintsFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({ inlayHintProvider: { resolveProvider: false } }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, InlayHintRequest.type, (): InlayHint[] => [], (params: InlayHintParams, token) => {
      if (!ctx.settings.inlayHints.enable) return [];
      const at = documentAt(ctx, params.textDocument);
      if (!at) return [];
      checkCancelled(token);
      const range = params.range ? offsetRange(at.doc, params.range) : undefined;
      return inlayHints(at.snapshot.analysis, at.uri, range).map((h) => {
        const out: InlayHint = { position: at.doc.lineIndex.positionAt(h.offset), label: h.label, paddingLeft: h.paddingLeft };
        if (h.tooltip) out.tooltip = ctx.client.markdown.hover ? { kind: MarkupKind.Markdown, value: h.tooltip } : h.tooltip;
        return out;
      });
    });

    let shown = new Map<string, string>();
    const refresh = () => {
      if (ctx.client.inlayHintRefresh) connection.languages.inlayHint.refresh().catch(() => undefined);
    };
    ctx.analysis.onAnalysed((snapshot: Snapshot, previous: Snapshot | undefined) => {
      if (!ctx.client.inlayHintRefresh || !ctx.settings.inlayHints.enable) return;
      const next = new Map<string, string>();
      let changed = false;
      for (const uri of ctx.documents.uris()) {
        if (!snapshot.analysis.documents.has(uri)) continue;
        // An include group taken over from the last analysis: the same hints.
        const group = snapshot.analysis.workspaceOf(uri);
        if (group && shown.has(uri) && group === previous?.analysis.workspaceOf(uri)) {
          next.set(uri, shown.get(uri)!);
          continue;
        }
        const labels = JSON.stringify(inlayHints(snapshot.analysis, uri).map((h) => [h.offset, h.label]));
        next.set(uri, labels);
        if (shown.has(uri) && shown.get(uri) !== labels) changed = true;
      }
      shown = next;
      if (changed) refresh();
    });
    ctx.onSettingsChanged((next, previous) => {
      if (next.inlayHints.enable !== previous.inlayHints.enable) refresh();
    });
  },
};
