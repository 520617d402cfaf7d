// Document links: `include` items, stages' `run` scripts and envs'
// `requirements` files, resolved like the core resolves them (relative to the
// file, `@/` from the project root), and only inside the workspace roots.

import type { Analysis } from '../analysis';
import type { OffsetRange } from '../types';
import type { DocNode } from '../document/parsed-document';
import { dirnameUri, isInside, resolveReference } from '../workspace/uris';
import { nameRange } from './navigation';

export interface DocumentLink {
  /** The path's text (inside quotes). */
  range: OffsetRange;
  target: string;
  tooltip: string;
}

export interface LinkOptions {
  /** Folders (URIs) links may point into; default: the workspace's project root. */
  roots?: string[];
}

export function documentLinks(analysis: Analysis, uri: string, options: LinkOptions = {}): DocumentLink[] {
  const wa = analysis.workspaceOf(uri);
  const file = wa?.workspace.files.find((f) => f.uri === uri);
  if (!wa || !file) return [];
  const roots = options.roots?.length ? options.roots : [wa.workspace.projectRoot];
  const base = dirnameUri(uri);
  const out: DocumentLink[] = [];
  const add = (node: DocNode, written: string, what: string) => {
    if (!written || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(written)) return;
    let target: string;
    try {
      target = resolveReference(written, base, wa.workspace.projectRoot);
    } catch {
      return;
    }
    if (!roots.some((r) => isInside(target, r))) return;
    const range = nameRange(file.doc, node.range);
    if (range.end <= range.start) return;
    out.push({ range, target, tooltip: `Open ${what} ${written}` });
  };
  for (const inc of file.includes) add(inc.node, inc.value, 'included file');
  for (const s of file.stages) if (s.run) add(s.run.node, s.run.value, `the script of stage ${s.name}:`);
  for (const e of file.envs) if (e.requirements) add(e.requirements.node, e.requirements.value, `the requirements of env ${e.name}:`);
  return out.sort((a, b) => a.range.start - b.range.start);
}
