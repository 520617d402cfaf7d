// Editor services on a debian/control file: completion (field names,
// profile names, architectures, and package names when an archive is
// known), hover (field documentation, a restriction formula in words),
// folding and the outline (one symbol per stanza).

import type { OffsetRange } from '../types';
import type { CompletionItem, CompletionResult } from '../services/completion';
import type { FoldingRange } from '../services/folding';
import type { DocumentSymbol } from '../services/symbols';
import type { HoverResult } from '../services/hover';
import type { LineIndex } from '../document/line-index';
import { fieldAt, fieldOf, foldedValue, stanzaAt } from './deb822-document';
import type { ControlModel } from './control-model';
import { CONTROL_FIELDS, fieldInfo } from './fields';
import { explainFormula, KNOWN_PROFILES } from './profiles';
import type { AlternativeAt } from './relation-syntax';

/** At most this many package names are offered; typing narrows them. */
const MAX_PACKAGE_ITEMS = 200;

export function completeControl(model: ControlModel, offset: number, packageNames?: () => Iterable<string>): CompletionResult {
  const text = model.doc.text;
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const before = text.slice(lineStart, offset);
  const stanza = stanzaAt(model.doc, offset);
  const kind = stanza ? (stanza === model.source ? 'source' : 'binary') : model.doc.stanzas.length === 0 ? 'source' : 'binary';
  // A field name at the start of a line.
  if (/^[A-Za-z0-9-]*$/.test(before)) {
    const present = new Set((stanza?.fields ?? []).map((f) => f.lower));
    const items: CompletionItem[] = CONTROL_FIELDS.filter((f) => (f.stanza === 'both' || f.stanza === kind) && !present.has(f.name.toLowerCase())).map((f) => ({
      label: f.name,
      kind: 'key',
      documentation: f.doc,
      insertText: `${f.name}: `,
      isSnippet: false,
      range: { start: lineStart, end: offset },
    }));
    return { items, isIncomplete: false };
  }
  const field = stanza ? fieldAt(stanza, offset) : undefined;
  if (!field || offset <= field.valueStart - 1) return { items: [], isIncomplete: false };
  const value = field.rawValue.slice(0, offset - field.valueStart);
  const word = /[^\s,|<>[\]()!]*$/.exec(value)![0];
  const range: OffsetRange = { start: offset - word.length, end: offset };
  const opener = /[<>[\](),|]/g;
  let last = '';
  for (let m = opener.exec(value); m; m = opener.exec(value)) last = m[0];
  if (last === '<' && (fieldInfo(field.name)?.relation === 'build' || field.lower === 'build-profiles')) {
    return {
      items: KNOWN_PROFILES.map((p) => ({ label: p.name, kind: 'value', documentation: p.doc, insertText: p.name, isSnippet: false, range })),
      isIncomplete: false,
    };
  }
  if (last === '[' && fieldInfo(field.name)?.relation) {
    const arches = ['any', 'linux-any', 'hurd-any', 'kfreebsd-any', 'amd64', 'arm64', 'armel', 'armhf', 'i386', 'mips64el', 'ppc64el', 's390x', 'riscv64', 'hurd-i386', 'hurd-amd64'];
    return { items: arches.map((a) => ({ label: a, kind: 'value', insertText: a, isSnippet: false, range })), isIncomplete: false };
  }
  // The first word after the start of the value, a ',' or a '|': a package name.
  const atName = (last === '' || last === ',' || last === '|') && /^\s*\S*$/.test(value.slice(value.search(/[^,|]*$/)));
  if (atName && fieldInfo(field.name)?.relation && packageNames) {
    const items: CompletionItem[] = [];
    let more = false;
    for (const name of packageNames()) {
      if (!name.startsWith(word)) continue;
      if (items.length >= MAX_PACKAGE_ITEMS) {
        more = true;
        break;
      }
      items.push({ label: name, kind: 'package', insertText: name, isSnippet: false, range });
    }
    return { items, isIncomplete: more };
  }
  return { items: [], isIncomplete: false };
}

/** The alternative of a relationship field under offset, with its field. */
export function alternativeAt(model: ControlModel, offset: number): { alt: AlternativeAt; fieldName: string } | undefined {
  for (const rel of model.relations) {
    if (offset < rel.field.valueStart || offset > rel.field.valueEnd) continue;
    for (const e of rel.parsed.entries) {
      for (const alt of e.alternatives) {
        if (alt.range.start <= offset && offset <= alt.range.end) return { alt, fieldName: rel.field.name };
      }
    }
  }
  return undefined;
}

export function hoverControl(model: ControlModel, offset: number): HoverResult | undefined {
  const stanza = stanzaAt(model.doc, offset);
  if (!stanza) return undefined;
  const field = fieldAt(stanza, offset);
  if (!field) return undefined;
  if (offset <= field.nameRange.end) {
    const info = fieldInfo(field.name);
    if (!info) return undefined;
    return { contents: `**${info.name}**: ${info.doc}`, range: field.nameRange };
  }
  if (field.lower === 'build-profiles') {
    const bp = model.buildProfiles.find((b) => b.field === field);
    if (!bp || bp.lists.length === 0) return undefined;
    const formula = bp.lists.map((l) => l.terms.map((t) => ({ negated: t.negated, name: t.name })));
    const pkg = fieldOf(stanza, 'Package');
    const name = pkg ? foldedValue(pkg) : 'This binary package';
    return {
      contents: `**${name}** — ${explainFormula(formula).replace(/^Used/, 'Built').replace(/^Dropped/, 'Not built').replace('used otherwise', 'built otherwise').replace('dropped otherwise', 'not built otherwise')}`,
      range: { start: bp.lists[0].range.start, end: bp.lists[bp.lists.length - 1].range.end },
    };
  }
  const hit = alternativeAt(model, offset);
  if (!hit) return undefined;
  const { alt } = hit;
  const parts: string[] = [];
  const inRestriction = alt.restrictions.find((l) => l.range.start <= offset && offset <= l.range.end);
  if (alt.restrictions.length > 0) {
    const formula = alt.restrictions.map((l) => l.terms.map((t) => ({ negated: t.negated, name: t.name })));
    parts.push(`**${alt.name}** — ${explainFormula(formula)}`);
    const term = inRestriction?.terms.find((t) => t.range.start <= offset && offset <= t.range.end);
    const doc = term && KNOWN_PROFILES.find((p) => p.name === term.name)?.doc;
    if (term && doc) parts.push(`\`${term.name}\`: ${doc}`);
  }
  if (alt.arches && alt.arches.terms.length > 0) {
    const names = alt.arches.terms.map((t) => t.arch).join(', ');
    parts.push(alt.arches.terms.every((t) => t.negated) ? `Not used on ${names}.` : `Used only on ${names}.`);
  }
  if (parts.length === 0) return undefined;
  const range = inRestriction
    ? { start: alt.restrictions[0].range.start, end: alt.restrictions[alt.restrictions.length - 1].range.end }
    : alt.range;
  return { contents: parts.join('\n\n'), range };
}

export function foldingControl(model: ControlModel, index: LineIndex): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (r: OffsetRange, kind?: FoldingRange['kind']): void => {
    const startLine = index.positionAt(r.start).line;
    const endLine = index.positionAt(r.end).line;
    if (endLine > startLine) out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  for (const s of model.doc.stanzas) {
    add(s.range, 'region');
    for (const f of s.fields) if (f.continuationLines > 0) add(f.range);
  }
  // Runs of comment lines.
  let run: OffsetRange | undefined;
  let runEndLine = -2;
  for (const c of model.doc.comments) {
    const line = index.positionAt(c.start).line;
    if (run && line === runEndLine + 1) run = { start: run.start, end: c.end };
    else {
      if (run) add(run, 'comment');
      run = c;
    }
    runEndLine = line;
  }
  if (run) add(run, 'comment');
  return out;
}

export function symbolsControl(model: ControlModel): DocumentSymbol[] {
  return model.doc.stanzas.map((s) => {
    const key = s === model.source ? fieldOf(s, 'Source') : fieldOf(s, 'Package');
    const name = key ? foldedValue(key) : s === model.source ? '(source)' : '(binary)';
    const arch = fieldOf(s, 'Architecture');
    return {
      name,
      kind: 'package' as const,
      detail: s === model.source ? 'source' : arch ? `binary, ${foldedValue(arch)}` : 'binary',
      range: s.range,
      selectionRange: key ? { start: key.valueStart, end: key.valueEnd } : s.range,
      children: s.fields.map((f) => ({ name: f.name, kind: 'key' as const, range: f.range, selectionRange: f.nameRange, children: [] })),
    };
  });
}
