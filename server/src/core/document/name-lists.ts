// One-line flow sequences of plain names or double-quoted strings
// (`build-depends: [debhelper, libc6-dev]`, `uploaders: ["A <a@b.org>"]`) and
// double-quoted values (`maintainer: "A <a@b.org>"`) in a chunk of the
// chunked parse. Most of what the `yaml` package spends on the Debian import
// goes to them (a token per name, comma and space, each passed through its
// parser's generators; a quoted string built a character at a time): its
// parser gets the chunk with each emptied instead (`[a, b]` becomes `[]` and
// spaces, `"A"` becomes `""` and spaces, every offset kept), and their nodes
// are made from the text.
//
// yaml still decides what everything is. A list (a string) is taken only
// where the emptied chunk's parse, without any problem, holds an empty flow
// sequence (an empty double-quoted string) value starting at its `[` (`"`)
// (see buildFromYaml's nameLists): the text before it is the same, so the
// whole parse starts the same there too. Inside, a plain name (a letter or
// digit, then letters, digits, `+._-`) ends only at `, ` or `]`, and a
// double-quoted string without `\`, control characters or a line break is
// its text. After the end comes a line break, a space, `,`, `}` or `]`, where
// the spaces that replaced the text change nothing. A plain name is a string
// unless one of the schema's own implicit tags (null, true, 12, 0x1f, 1e5, …)
// matches it: then the chunk is parsed as it is. Anything else (a list in a
// comment, in a quoted or block scalar, as a key) leaves something not taken
// or a problem, and the caller parses the chunk as it is.

import type { Document } from 'yaml';

/**
 * A flow sequence of names and strings: its end (after the `]`) and its
 * items, each from `starts[i]` to `ends[i]` (a quoted one with its quotes),
 * in the chunk; or, with `quoted`, one double-quoted string value.
 */
export interface NameList {
  end: number;
  starts: number[];
  ends: number[];
  names: string[];
  quoted?: boolean;
}

export interface EmptiedLists {
  /** The chunk with every list and string emptied: the same length, the same line breaks. */
  text: string;
  /** The lists and strings by the offset of their `[` or `"`. */
  lists: Map<number, NameList>;
}

const NAME = '[A-Za-z0-9][A-Za-z0-9+._-]*';
const QUOTED = '"[^"\\\\\\x00-\\x1f\\x7f]*"';
const ITEM = `(?:${NAME}|${QUOTED})`;
// A list, or a string after `: `, followed by a line break, a space, `,`, `}`, `]` or the end of the chunk.
const EMPTIED = new RegExp(`(?:\\[${ITEM}(?:, ${ITEM})*\\]|(?<=: )${QUOTED})(?=[\\r\\n ,}\\]]|$)`, 'g');

const QUOTE = 34;

/** The chunk with its name lists and quoted strings emptied, or undefined when it has none. */
export function emptyNameLists(chunk: string): EmptiedLists | undefined {
  if (!chunk.includes('[') && !chunk.includes('"')) return undefined;
  EMPTIED.lastIndex = 0;
  let match = EMPTIED.exec(chunk);
  if (!match) return undefined;
  const lists = new Map<number, NameList>();
  const parts: string[] = [];
  let copied = 0;
  for (; match; match = EMPTIED.exec(chunk)) {
    const open = match.index;
    const end = open + match[0].length;
    if (chunk.charCodeAt(open) === QUOTE) {
      lists.set(open, { end, starts: [open], ends: [end], names: [chunk.slice(open + 1, end - 1)], quoted: true });
      parts.push(chunk.slice(copied, open), '""', ' '.repeat(end - open - 2));
      copied = end;
      continue;
    }
    const starts: number[] = [];
    const ends: number[] = [];
    const names: string[] = [];
    let start = open + 1;
    for (;;) {
      // A quoted item ends at its closing quote (it holds no quote), a name at the next comma.
      const itemEnd = chunk.charCodeAt(start) === QUOTE ? chunk.indexOf('"', start + 1) + 1 : nameEnd(chunk, start, end);
      starts.push(start);
      ends.push(itemEnd);
      names.push(chunk.charCodeAt(start) === QUOTE ? chunk.slice(start + 1, itemEnd - 1) : chunk.slice(start, itemEnd));
      if (itemEnd >= end - 1) break;
      start = itemEnd + 2;
    }
    lists.set(open, { end, starts, ends, names });
    parts.push(chunk.slice(copied, open), '[]', ' '.repeat(end - open - 2));
    copied = end;
  }
  parts.push(chunk.slice(copied));
  return { text: parts.join(''), lists };
}

/** Where a plain name starting at `start` ends: at the next comma, or at the list's `]`. */
function nameEnd(chunk: string, start: number, listEnd: number): number {
  const comma = chunk.indexOf(',', start);
  return comma < 0 || comma >= listEnd ? listEnd - 1 : comma;
}

/**
 * Whether yaml would read every name of the lists as that string: no
 * implicit tag of the parsed document's schema matches it. The core schema's
 * implicit scalars other than strings (null, booleans, numbers) start with a
 * digit, a sign, a dot, `~` or one of `nNtTfF`; a name starts with a letter
 * or a digit, so only those starting with a digit or one of `nNtTfF` are tested.
 */
export function namesAreStrings(lists: Map<number, NameList>, doc: Document.Parsed): boolean {
  const schema = doc.schema as unknown as { compat?: unknown; tags: Array<{ default?: boolean | 'key'; test?: RegExp; collection?: string }> };
  if (schema.compat) return false;
  const tests = schema.tags.filter((tag) => tag.default === true && tag.test && !tag.collection).map((tag) => tag.test!);
  for (const list of lists.values()) {
    const { names, starts, ends } = list;
    for (let i = 0; i < names.length; i++) {
      // A quoted string is a string.
      const name = names[i];
      if (ends[i] - starts[i] !== name.length || !mayBeImplicitScalar(name)) continue;
      for (const test of tests) if (test.test(name)) return false;
    }
  }
  return true;
}

/** Whether a name starts the way a core-schema null, boolean or number does (exported for its test). */
export function mayBeImplicitScalar(name: string): boolean {
  const c = name.charCodeAt(0);
  // 0-9, n N t T f F
  return (c >= 48 && c <= 57) || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
}
