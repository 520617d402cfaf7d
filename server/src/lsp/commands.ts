// `workspace/executeCommand`: `strap.showPlan` and `strap.showGraph` return
// the bootstrap plan and the build graph as text, for the client to show.
//
//   strap.showPlan  [uri?, format?: 'text'|'json'|'mermaid'|'dot' | { format }]
//   strap.showGraph [uri?, { format?: 'mermaid'|'dot', cyclesOnly?: boolean } | format?]
//
// Without a URI (or for a file outside every workspace) the first analysed
// workspace is used. The result is the rendered string, or null when no
// bootstrap file is analysed.

import { ExecuteCommandRequest, type Connection, type ExecuteCommandParams, type ServerCapabilities } from 'vscode-languageserver/node';
import type { WorkspaceAnalysis } from '../core/analysis';
import { renderPlan, type PlanFormat } from '../core/render/plan';
import { fixAllResultInThread, unsolvedMembers } from '../core/fixes/fix-all';
import { FIX_ALL_UNASKED_LIMIT } from './code-actions';
import { renderWorkspaceGraph } from '../core/render/workspace';
import type { ServerContext } from './context';
import type { Feature } from './features';
import { normalizeUri } from './documents';
import { onRequest, withAbortSignal } from './guard';
import { pathToUri } from '../core/workspace/uris';

export const SHOW_PLAN = 'strap.showPlan';
export const SHOW_GRAPH = 'strap.showGraph';

const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'json', 'mermaid', 'dot'];

export const commandsFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({ executeCommandProvider: { commands: [SHOW_PLAN, SHOW_GRAPH] } }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, ExecuteCommandRequest.type, (): string | null => null, async (params: ExecuteCommandParams, token) => {
      const args = Array.isArray(params.arguments) ? params.arguments : [];
      const [first, second] = args;
      const uriArg = typeof first === 'string' && (first.includes(':') || first.startsWith('/')) ? first : typeof first === 'object' && first && typeof (first as { uri?: unknown }).uri === 'string' ? (first as { uri: string }).uri : undefined;
      const options = uriArg === undefined ? first : second;
      const wa = workspaceFor(ctx, uriArg);
      if (!wa) return null;
      switch (params.command) {
        case SHOW_PLAN: {
          const wanted = typeof options === 'string' ? options : isObject(options) ? options.format : undefined;
          const format = PLAN_FORMATS.includes(wanted as PlanFormat) ? (wanted as PlanFormat) : 'text';
          // The plan names what fix-all takes: on a big cluster not solved yet, solved in a thread (see code-actions.ts).
          if (unsolvedMembers(wa) > FIX_ALL_UNASKED_LIMIT) await withAbortSignal(token, (signal) => fixAllResultInThread(wa, signal));
          return renderPlan(wa, format);
        }
        case SHOW_GRAPH: {
          const wanted = typeof options === 'string' ? options : isObject(options) ? options.format : undefined;
          const format = wanted === 'dot' ? 'dot' : 'mermaid';
          const cyclesOnly = isObject(options) && options.cyclesOnly === true;
          return renderWorkspaceGraph(wa, { format, cyclesOnly });
        }
        default:
          return null;
      }
    });
  },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function workspaceFor(ctx: ServerContext, uriArg: string | undefined): WorkspaceAnalysis | undefined {
  const snapshot = ctx.analysis.fresh();
  if (!snapshot) return undefined;
  const uri = uriArg === undefined ? undefined : (uriArg.startsWith('/') ? pathToUri(uriArg) : normalizeUri(uriArg));
  return (uri && snapshot.analysis.workspaceOf(uri)) || snapshot.analysis.workspaces[0];
}
