// One-line flow sequences of plain names (`build-depends: [debhelper, libc6-dev]`)
// in a chunk of the chunked parse. Half of what the `yaml` package spends on
// the Debian import goes to them (a token per name, comma and space, each
// passed through its parser's generators): its parser gets the chunk with
// each such list emptied instead (`[a, b]` becomes `[]` and spaces, every
// offset kept), and the nodes of the names are made from the list's text.
//
// yaml still decides what everything is. A list is taken only where the
// emptied chunk's parse, without any problem, holds an empty flow sequence
// value starting at the list's `[` (see takeNameList): the text before the
// `[` is the same, so the whole parse starts a flow sequence there too, and
// inside it a plain name (a letter or digit, then letters, digits, `+._-`)
// ends only at `, ` or `]`. After the `]` comes a line break, a space, `,` or
// `}`, where the spaces that replaced the names change nothing. Each name is
// a string unless one of the schema's own implicit tags (null, true, 12,
// 0x1f, 1e5, …) matches it: then the chunk is parsed as it is. Anything else
// (a list in a comment, in a quoted or block scalar, as a key) leaves a list
// not taken or a problem, and the caller parses the chunk as it is.

import type { Document } from 'yaml';

/** A flow sequence of names: its end (after the `]`) and its names with their offsets, in the chunk. */
export interface NameList {
  end: number;
  starts: number[];
  names: string[];
}

export interface EmptiedLists {
  /** The chunk with every list emptied: the same length, the same line breaks. */
  text: string;
  /** The lists by the offset of their `[`. */
  lists: Map<number, NameList>;
}

const NAME = '[A-Za-z0-9][A-Za-z0-9+._-]*';
// A list followed by a line break, a space, `,`, `}` or the end of the chunk.
const NAME_LIST = new RegExp(`\\[${NAME}(?:, ${NAME})*\\](?=[\\r\\n ,}]|$)`, 'g');

/** The chunk with its name lists emptied, or undefined when it has none. */
export function emptyNameLists(chunk: string): EmptiedLists | undefined {
  if (!chunk.includes('[')) return undefined;
  NAME_LIST.lastIndex = 0;
  let match = NAME_LIST.exec(chunk);
  if (!match) return undefined;
  const lists = new Map<number, NameList>();
  const parts: string[] = [];
  let copied = 0;
  for (; match; match = NAME_LIST.exec(chunk)) {
    const open = match.index;
    const end = open + match[0].length;
    const starts: number[] = [];
    const names: string[] = [];
    let start = open + 1;
    for (;;) {
      const comma = chunk.indexOf(',', start);
      const last = comma < 0 || comma >= end;
      const nameEnd = last ? end - 1 : comma;
      starts.push(start);
      names.push(chunk.slice(start, nameEnd));
      if (last) break;
      start = comma + 2;
    }
    lists.set(open, { end, starts, names });
    parts.push(chunk.slice(copied, open), '[]', ' '.repeat(end - open - 2));
    copied = end;
  }
  parts.push(chunk.slice(copied));
  return { text: parts.join(''), lists };
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
    for (const name of list.names) {
      if (!mayBeImplicitScalar(name)) continue;
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
