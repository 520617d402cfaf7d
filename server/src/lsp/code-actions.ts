// Code actions: the fixes the core attached to each diagnostic, found again
// by the diagnostic's code and `data` (never by the echoed range: Neovim 0.7
// echoes byte columns on non-ASCII lines), each carrying its edit eagerly
// (eglot 1.9 cannot resolve), plus `source.fixAll.strap` (whose edit, when
// it is offered unasked to a client that resolves edits, comes on
// `codeAction/resolve`).

import {
  CodeActionKind, CodeActionRequest, CodeActionResolveRequest,
  type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type ServerCapabilities,
} from 'vscode-languageserver/node';
import type { CoreDiagnostic, Fix } from '../core/types';
import type { ParsedDocument } from '../core/document/parsed-document';
import type { ServerContext } from './context';
import type { Snapshot } from './analysis-scheduler';
import { documentAt, offsetRange, toDiagnostic, toWorkspaceEdit } from './convert';
import { checkCancelled, onRequest, withAbortSignal } from './guard';
import { fixAll, fixAllInThread, fixAllIsCheap } from '../core/fixes/fix-all';

export const FIX_ALL_KIND = 'source.fixAll.strap';
/**
 * Packages in unbroken clusters above which a request that does not name
 * source actions (an editor's light bulb, asked on every cursor move) gets
 * no fix-all until it has been computed once: the solver takes seconds to
 * minutes there, and the server would not answer anything else meanwhile.
 * Asking for `source.fixAll` (or `source`) by name always computes it.
 */
export const FIX_ALL_UNASKED_LIMIT = 300;

export function codeActionCapabilities(ctx: ServerContext): Partial<ServerCapabilities> {
  return {
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: ctx.client.codeActionEditResolve },
  };
}

/** What a fix-all sent without its edit carries to resolve it. */
interface FixAllData {
  fixAll: { uri: string; version: number | null };
}

export function registerCodeActions(ctx: ServerContext, connection: Connection): void {
  onRequest(ctx, connection, CodeActionRequest.type, (): CodeAction[] => [], async (params: CodeActionParams, token) => {
    const at = documentAt(ctx, params.textDocument);
    if (!at) return [];
    const { snapshot, uri, doc } = at;
    const only = Array.isArray(params.context?.only) ? params.context.only.filter((k): k is string => typeof k === 'string') : undefined;
    const wants = (kind: string) => !only || only.length === 0 || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      const all = snapshot.analysis.diagnostics.get(uri) ?? [];
      const requested = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics.filter((d) => d && typeof d === 'object') : [];
      const pairs: Array<{ core: CoreDiagnostic; echoed: Diagnostic }> = [];
      if (requested.length) {
        for (const echoed of requested) for (const core of matchDiagnostics(all, echoed, doc)) pairs.push({ core, echoed });
      } else {
        // A client that sends no diagnostics still gets the fixes under the cursor.
        const range = offsetRange(doc, params.range);
        if (range) {
          for (const core of all) {
            if (core.range.start <= range.end && range.start <= core.range.end && core.fixes?.length) pairs.push({ core, echoed: toDiagnostic(ctx, snapshot, core) });
          }
        }
      }
      const byKey = new Map<string, CodeAction>();
      for (const { core, echoed } of pairs) {
        checkCancelled(token);
        for (const fix of core.fixes ?? []) {
          if (fix.kind !== 'quickfix') continue;
          const key = `${fix.title}\u0000${JSON.stringify(fix.changes)}`;
          const existing = byKey.get(key);
          if (existing) {
            if (!existing.diagnostics!.includes(echoed)) existing.diagnostics!.push(echoed);
            // The same edit can be one diagnostic's alternative and another's preferred fix.
            if (fix.isPreferred) existing.isPreferred = true;
            continue;
          }
          const action = toAction(ctx, snapshot, fix, CodeActionKind.QuickFix, [echoed]);
          if (action) {
            byKey.set(key, action);
            actions.push(action);
          }
        }
      }
    }

    const named = !!only && only.length > 0 && wants(FIX_ALL_KIND);
    if (wants(FIX_ALL_KIND)) {
      checkCancelled(token);
      let fix: Fix | undefined;
      if (fixAllIsCheap(snapshot.analysis, uri, FIX_ALL_UNASKED_LIMIT)) fix = fixAll(snapshot.analysis, uri);
      else if (named) {
        // Seconds to a minute on a giant cluster: in a thread, so that the
        // server keeps answering, and stopped when the request is cancelled.
        fix = await withAbortSignal(token, (signal) => fixAllInThread(snapshot.analysis, uri, signal));
        // Edited meanwhile: the edits were made for the text as it was.
        if (documentAt(ctx, params.textDocument)?.snapshot.versions.get(uri) !== snapshot.versions.get(uri)) fix = undefined;
      }
      if (fix && !named && ctx.client.codeActionEditResolve) {
        // The light bulb asks on every cursor move: the fix-all's edit (hundreds
        // of KB on a big cluster) comes only when the client applies it.
        const data: FixAllData = { fixAll: { uri: ctx.documents.clientUri(uri), version: snapshot.versions.get(uri) ?? null } };
        actions.push({ title: fix.title, kind: FIX_ALL_KIND, data });
      } else {
        const action = fix && toAction(ctx, snapshot, fix, FIX_ALL_KIND, undefined);
        if (action) actions.push(action);
      }
    }
    return actions;
  });

  // Every action but a fix-all sent without its edit already carries its edit.
  onRequest(ctx, connection, CodeActionResolveRequest.type, () => ({ title: '' } as CodeAction), async (action, token) => {
    const wanted = (action?.data as Partial<FixAllData> | undefined)?.fixAll;
    if (action?.edit || !wanted || typeof wanted.uri !== 'string') return action;
    const at = documentAt(ctx, { uri: wanted.uri });
    // Edited since: the title may no longer hold; the client asks again.
    if (!at || (at.snapshot.versions.get(at.uri) ?? null) !== wanted.version) return action;
    const fix = fixAllIsCheap(at.snapshot.analysis, at.uri, FIX_ALL_UNASKED_LIMIT)
      ? fixAll(at.snapshot.analysis, at.uri)
      : await withAbortSignal(token, (signal) => fixAllInThread(at.snapshot.analysis, at.uri, signal));
    const resolved = fix && toAction(ctx, at.snapshot, fix, FIX_ALL_KIND, undefined);
    return resolved ? { ...action, edit: resolved.edit } : action;
  });
}

function toAction(ctx: ServerContext, snapshot: Snapshot, fix: Fix, kind: string, diagnostics: Diagnostic[] | undefined): CodeAction | undefined {
  const edit = toWorkspaceEdit(ctx, snapshot, fix.changes);
  if (!edit) return undefined;
  const action: CodeAction = { title: fix.title, kind, edit };
  if (diagnostics) action.diagnostics = diagnostics;
  if (fix.isPreferred) action.isPreferred = true;
  return action;
}

/**
 * The current diagnostics an echoed one stands for: same code, then the
 * same `data.pointer`, then — to tell apart several on one node — the same
 * data, message or line. The echoed range is a last resort, compared by line
 * only (its columns may be bytes).
 */
export function matchDiagnostics(all: CoreDiagnostic[], echoed: Diagnostic, doc: ParsedDocument): CoreDiagnostic[] {
  const code = echoed.code === undefined || echoed.code === null ? undefined : String(echoed.code);
  // Fixes are computed on first read: narrow by code and pointer before asking
  // for them, so one request does not compute every diagnostic's fixes.
  let candidates = all.filter((d) => code === undefined || d.code === code);
  const data = isObject(echoed.data) ? echoed.data : undefined;
  const pointer = typeof data?.pointer === 'string' ? data.pointer : undefined;
  if (pointer !== undefined) candidates = candidates.filter((d) => d.data?.pointer === pointer);
  candidates = candidates.filter((d) => d.fixes?.length);
  if (pointer !== undefined && candidates.length <= 1) return candidates;
  const narrow = (keep: (d: CoreDiagnostic) => boolean) => {
    const subset = candidates.filter(keep);
    if (subset.length) candidates = subset;
  };
  if (data) {
    const wanted = canonical(data);
    narrow((d) => canonical(d.data ?? {}) === wanted);
  }
  if (code === undefined && pointer === undefined) {
    // Nothing identifies it but the message: require it.
    candidates = candidates.filter((d) => d.message === echoed.message);
  } else if (typeof echoed.message === 'string') {
    narrow((d) => d.message === echoed.message);
  }
  const line = echoed.range?.start?.line;
  if (candidates.length > 1 && Number.isInteger(line)) narrow((d) => doc.lineIndex.positionAt(d.range.start).line === line);
  return candidates;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * JSON with sorted keys, and empty arrays and objects alike: clients that
 * round-trip `data` through their own tables (Neovim's Lua) reorder keys and
 * turn `[]` into `{}`.
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return value.length ? `[${value.map(canonical).join(',')}]` : '{}';
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return keys.length ? `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}` : '{}';
  }
  return JSON.stringify(value) ?? 'null';
}
