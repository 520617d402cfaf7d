// A debian/control file read once: its stanzas (the first is the source,
// the others binaries), every relationship field parsed with positions, and
// each binary's Build-Profiles formula. Pure; never throws.

import { fieldOf, foldedValue, parseDeb822Document, type Deb822Document, type Deb822Field, type Deb822Stanza } from './deb822-document';
import { parseRelationsAt, type RelationsAt, type RestrictionListAt } from './relation-syntax';
import { relationKind } from './fields';
import type { OffsetRange } from '../types';

export interface RelationField {
  stanza: Deb822Stanza;
  field: Deb822Field;
  kind: 'build' | 'binary';
  parsed: RelationsAt;
}

export interface BuildProfilesField {
  stanza: Deb822Stanza;
  field: Deb822Field;
  lists: RestrictionListAt[];
  /** Text that is not a `<...>` list. */
  stray: OffsetRange[];
  unclosed?: OffsetRange;
}

export interface ControlModel {
  doc: Deb822Document;
  /** The first stanza, when it has a Source field (or no Package field). */
  source?: Deb822Stanza;
  sourceName?: string;
  binaries: Deb822Stanza[];
  relations: RelationField[];
  buildProfiles: BuildProfilesField[];
}

export function readControl(text: unknown): ControlModel {
  const doc = parseDeb822Document(text);
  const model: ControlModel = { doc, binaries: [], relations: [], buildProfiles: [] };
  doc.stanzas.forEach((stanza, i) => {
    const isSource = i === 0 && (fieldOf(stanza, 'Source') !== undefined || fieldOf(stanza, 'Package') === undefined);
    if (isSource) {
      model.source = stanza;
      const name = fieldOf(stanza, 'Source');
      if (name) model.sourceName = foldedValue(name).split(' ')[0] || undefined;
    } else {
      model.binaries.push(stanza);
    }
    for (const field of stanza.fields) {
      const kind = relationKind(field.lower);
      if (kind) model.relations.push({ stanza, field, kind, parsed: parseRelationsAt(field.rawValue, field.valueStart) });
      if (field.lower === 'build-profiles') model.buildProfiles.push(readBuildProfiles(stanza, field));
    }
  });
  return model;
}

/** `Build-Profiles: <!stage1> <!nocheck cross>`: only restriction lists. */
function readBuildProfiles(stanza: Deb822Stanza, field: Deb822Field): BuildProfilesField {
  const raw = field.rawValue;
  const base = field.valueStart;
  const out: BuildProfilesField = { stanza, field, lists: [], stray: [] };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c !== '<') {
      const s = i;
      while (i < raw.length && raw[i] !== '<' && !/\s/.test(raw[i])) i++;
      out.stray.push({ start: base + s, end: base + i });
      continue;
    }
    const close = raw.indexOf('>', i);
    if (close < 0) {
      out.unclosed = { start: base + i, end: base + raw.trimEnd().length };
      break;
    }
    const list: RestrictionListAt = { range: { start: base + i, end: base + close + 1 }, terms: [] };
    const re = /[^\s]+/g;
    const inner = raw.slice(i + 1, close);
    for (let m = re.exec(inner); m; m = re.exec(inner)) {
      const negated = m[0].startsWith('!');
      const start = base + i + 1 + m.index;
      list.terms.push({ negated, name: negated ? m[0].slice(1) : m[0], range: { start, end: start + m[0].length } });
    }
    out.lists.push(list);
    i = close + 1;
  }
  return out;
}
