// textDocument/completion: the core's items (schema keys with docs and
// snippets, enum values, package/stage/env names, the next
// build-depends-bootstrap<N>) as LSP items with a textEdit over the text
// they replace. Snippets become plain text for clients without snippet support.

import {
  CompletionItemKind, CompletionRequest, InsertTextFormat, InsertTextMode, MarkupKind,
  type CompletionItem, type CompletionList, type CompletionParams, type Connection, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { complete, type CompletionItem as CoreItem } from '../core/services';
import type { ServerContext } from './context';
import type { Feature } from './features';
import { documentAt, offsetAt, toRange } from './convert';
import { checkCancelled, onRequest } from './guard';

const KIND: Record<CoreItem['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  package: CompletionItemKind.Module,
  stage: CompletionItemKind.Function,
  env: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
};

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export const completionFeature: Feature = {
  capabilities: (): Partial<ServerCapabilities> => ({
    completionProvider: { triggerCharacters: [':', ' ', '-', '[', ',', '"'], resolveProvider: false },
  }),
  register(ctx: ServerContext, connection: Connection) {
    onRequest(ctx, connection, CompletionRequest.type, (): CompletionList => EMPTY, (params: CompletionParams, token) => {
      const at = documentAt(ctx, params.textDocument);
      if (!at) return EMPTY;
      const offset = offsetAt(at.doc, params.position);
      if (offset === undefined) return EMPTY;
      checkCancelled(token);
      const result = complete(at.snapshot.analysis, at.uri, offset);
      checkCancelled(token);
      return { isIncomplete: result.isIncomplete, items: result.items.map((item) => toItem(ctx, at.doc, item)) };
    });
  },
};

function toItem(ctx: ServerContext, doc: Parameters<typeof toRange>[0], item: CoreItem): CompletionItem {
  const snippet = item.isSnippet && ctx.client.snippets;
  const newText = item.isSnippet && !snippet ? snippetToText(item.insertText) : item.insertText;
  const out: CompletionItem = {
    label: item.label,
    kind: KIND[item.kind] ?? CompletionItemKind.Text,
    textEdit: { range: toRange(doc, item.range), newText },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // The core writes indentation in full; the client must not add its own.
    insertTextMode: InsertTextMode.asIs,
  };
  if (item.detail) out.detail = item.detail;
  if (item.documentation) {
    out.documentation = ctx.client.markdown.completion ? { kind: MarkupKind.Markdown, value: item.documentation } : item.documentation;
  }
  if (item.sortText) out.sortText = item.sortText;
  if (item.filterText) out.filterText = item.filterText;
  if (item.retrigger) out.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return out;
}

/** A snippet as the text it inserts with every placeholder at its default (`${1|a,b|}` -> `a`). */
export function snippetToText(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (c === '$') {
      const simple = /^\$(\d+)/.exec(snippet.slice(i));
      if (simple) { i += simple[0].length - 1; continue; }
      const choice = /^\$\{\d+\|((?:\\.|[^,|\\])*)[,|]/.exec(snippet.slice(i));
      if (choice) {
        out += choice[1].replace(/\\(.)/g, '$1');
        // skip to the closing `|}`
        const end = snippet.indexOf('|}', i + choice[0].length - 1);
        i = end < 0 ? snippet.length : end + 1;
        continue;
      }
      const placeholder = /^\$\{\d+:?/.exec(snippet.slice(i));
      if (placeholder) { i += placeholder[0].length - 1; continue; }
      out += c;
    } else if (c === '}') {
      // the end of a placeholder (unescaped braces only close placeholders)
    } else {
      out += c;
    }
  }
  return out;
}
