// textDocument/inlayHint: each package's place in the bootstrap plan after
// its key (`strap.inlayHints.enable` turns them off). A client that can
// resolve a hint's tooltip gets the hints without them and asks
// `inlayHint/resolve` for the one it shows. The client is asked to refresh
// when the hints of an open file change by an edit elsewhere (an edit of the
// file itself makes the client ask again on its own).

import {
  InlayHintRequest, InlayHintResolveRequest, MarkupKind,
  type Connection, type InlayHint, type InlayHintParams, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { inlayHints, inlayHintTooltip } from '../core/services';
import type { ServerContext } from './context';
import type { Feature } from './features';
import type { Snapshot } from './analysis-scheduler';
import { documentAt, offsetRange } from './convert';
import { normalizeUri } from './documents';
import { checkCancelled, onRequest } from './guard';

/** What a hint sent without its tooltip carries to resolve it. */
interface HintData {
  uri: string;
  package: string;
}

/** A document's hints as last compared for a refresh: their labels, or EDITED when the client changed it since. */
const EDITED = '';

export const inlayHintsFeature: Feature = {
  capabilities: (ctx: ServerContext): Partial<ServerCapabilities> => ({ inlayHintProvider: { resolveProvider: ctx.client.inlayHintTooltipResolve } }),
  register(ctx: ServerContext, connection: Connection) {
    const tooltip = (text: string) => (ctx.client.markdown.hover ? { kind: MarkupKind.Markdown, value: text } : text);

    onRequest(ctx, connection, InlayHintRequest.type, (): InlayHint[] => [], (params: InlayHintParams, token) => {
      if (!ctx.settings.inlayHints.enable) return [];
      const at = documentAt(ctx, params.textDocument);
      if (!at) return [];
      checkCancelled(token);
      const range = params.range ? offsetRange(at.doc, params.range) : undefined;
      const lazy = ctx.client.inlayHintTooltipResolve;
      const uri = ctx.documents.clientUri(at.uri);
      return inlayHints(at.snapshot.analysis, at.uri, range, { tooltips: !lazy }).map((h) => {
        const out: InlayHint = { position: at.doc.lineIndex.positionAt(h.offset), label: h.label, paddingLeft: h.paddingLeft };
        if (h.tooltip) out.tooltip = tooltip(h.tooltip);
        if (lazy) out.data = { uri, package: h.package } satisfies HintData;
        return out;
      });
    });

    onRequest(ctx, connection, InlayHintResolveRequest.type, (): InlayHint => null as unknown as InlayHint, (hint: InlayHint) => {
      const data = hint?.data as Partial<HintData> | undefined;
      if (!data || typeof data.uri !== 'string' || typeof data.package !== 'string' || hint.tooltip !== undefined) return hint;
      const snapshot = ctx.analysis.fresh();
      const text = snapshot && inlayHintTooltip(snapshot.analysis, normalizeUri(data.uri), data.package);
      return text ? { ...hint, tooltip: tooltip(text) } : hint;
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
        // A document the client edited: it asks for its hints again itself. Its
        // hints are not worked out here on every keystroke (all of a 34 000-package
        // archive's took 0.3-1 s); the next comparison counts them as changed.
        if (previous && snapshot.versions.get(uri) !== previous.versions.get(uri)) {
          next.set(uri, EDITED);
          continue;
        }
        // An include group taken over from the last analysis: the same hints.
        const group = snapshot.analysis.workspaceOf(uri);
        if (group && shown.has(uri) && group === previous?.analysis.workspaceOf(uri)) {
          next.set(uri, shown.get(uri)!);
          continue;
        }
        const labels = JSON.stringify(inlayHints(snapshot.analysis, uri, undefined, { tooltips: false }).map((h) => [h.offset, h.label]));
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
