// Debian relationship fields (Depends, Pre-Depends, Build-Depends, Provides,
// ...): Debian Policy §7.1 and the build-profile specification.
//
//   Build-Depends: foo:any (>= 1.0) [linux-any !hurd-i386] <!stage1 !nocheck> <cross>, bar | baz
//
// A field is a comma-separated list of *groups*; a group is a `|`-separated
// list of *alternatives*. Each alternative names a package, optionally with
// an architecture qualifier (`:any`, `:native`, `:amd64`), a version
// constraint, an architecture restriction list (all positive or all negated)
// and build-profile restriction formulas: each `<...>` is a conjunction of
// (possibly negated) profile names, several `<...>` form a disjunction.

export interface ArchTerm {
  negated: boolean;
  arch: string;
}

export interface ProfileTerm {
  negated: boolean;
  name: string;
}

export interface Relation {
  /** The package name, without qualifier. */
  name: string;
  /** `any`, `native`, or an architecture name, when written `name:qualifier`. */
  archQualifier?: string;
  /** The version constraint (kept for information; resolution ignores it). */
  version?: { op: string; version: string };
  /** The architecture restriction list `[...]`, if any. */
  arches?: ArchTerm[];
  /** Build-profile formula: a disjunction of conjunctions (`<a !b> <c>`). */
  profiles?: ProfileTerm[][];
  /** True when the name contains a debhelper substitution variable (`${...}`). */
  substvar?: boolean;
  /** The alternative as written, whitespace normalised. */
  text: string;
}

/** Alternatives of one comma-separated entry. */
export type RelationGroup = Relation[];

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Parse one alternative (`name:qual (op ver) [arches] <profiles>`). Returns null when empty. */
export function parseRelation(input: string): Relation | null {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const n = text.length;
  let i = 0;
  // Name: up to whitespace or one of ( [ < ; a `:` starts the qualifier,
  // except inside a substitution variable `${...}`.
  let name = '';
  let substvar = false;
  while (i < n) {
    const ch = text[i];
    if (ch === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      const stop = close < 0 ? n : close + 1;
      name += text.slice(i, stop);
      i = stop;
      substvar = true;
      continue;
    }
    if (ch === ' ' || ch === '(' || ch === '[' || ch === '<' || ch === ':') break;
    name += ch;
    i++;
  }
  const rel: Relation = { name, text };
  if (substvar) rel.substvar = true;
  if (text[i] === ':') {
    i++;
    let q = '';
    while (i < n && /[A-Za-z0-9_-]/.test(text[i])) q += text[i++];
    if (q !== '') rel.archQualifier = q;
  }
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const ch = text[i];
    if (ch === '(') {
      const close = text.indexOf(')', i);
      const inner = text.slice(i + 1, close < 0 ? n : close).trim();
      const m = /^(<<|<=|>=|>>|=|<|>)\s*(.*)$/.exec(inner);
      if (m) rel.version = { op: m[1], version: m[2].trim() };
      i = close < 0 ? n : close + 1;
    } else if (ch === '[') {
      const close = text.indexOf(']', i);
      const inner = text.slice(i + 1, close < 0 ? n : close);
      const terms = rel.arches ?? [];
      for (const tok of inner.split(/\s+/)) {
        if (tok === '') continue;
        if (tok.startsWith('!')) {
          if (tok.length > 1) terms.push({ negated: true, arch: tok.slice(1) });
        } else terms.push({ negated: false, arch: tok });
      }
      if (terms.length > 0) rel.arches = terms;
      i = close < 0 ? n : close + 1;
    } else if (ch === '<') {
      const close = text.indexOf('>', i);
      const inner = text.slice(i + 1, close < 0 ? n : close);
      const conj: ProfileTerm[] = [];
      for (const tok of inner.split(/\s+/)) {
        if (tok === '') continue;
        if (tok.startsWith('!')) {
          if (tok.length > 1) conj.push({ negated: true, name: tok.slice(1) });
        } else conj.push({ negated: false, name: tok });
      }
      if (conj.length > 0) (rel.profiles ??= []).push(conj);
      i = close < 0 ? n : close + 1;
    } else {
      // Unexpected text: stop; the alternative keeps what was understood.
      break;
    }
  }
  return rel;
}

/**
 * Parse a relationship field value into groups of alternatives. Empty
 * entries (a trailing comma, `a,,b`) are skipped.
 */
export function parseRelations(value: string | undefined): RelationGroup[] {
  const groups: RelationGroup[] = [];
  if (value === undefined) return groups;
  for (const entry of value.split(',')) {
    const group: RelationGroup = [];
    for (const alt of entry.split('|')) {
      const r = parseRelation(alt);
      if (r !== null) group.push(r);
    }
    if (group.length > 0) groups.push(group);
  }
  return groups;
}

/** The group as text, `a (>= 1) | b [amd64]`. */
export function formatGroup(group: RelationGroup): string {
  return group.map((r) => r.text).join(' | ');
}

// ---------------------------------------------------------------------------
// Architecture matching

/** (abi, os, cpu) of a Debian architecture name, enough for wildcard matching. */
export function archTuple(arch: string): [string, string, string] {
  const cpuOf = (c: string): string => {
    switch (c) {
      case 'armel':
      case 'armhf':
        return 'arm';
      case 'x32':
        return 'amd64';
      case 'lpia':
        return 'i386';
      case 'powerpcspe':
        return 'powerpc';
      default:
        return c;
    }
  };
  const parts = arch.split('-');
  if (parts.length === 1) return ['gnu', 'linux', cpuOf(arch)];
  if (parts.length === 2) {
    // hurd-i386, kfreebsd-amd64, ...
    return ['gnu', parts[0], cpuOf(parts[1])];
  }
  // musl-linux-amd64, uclibc-linux-armel, ...
  return [parts[parts.length - 3], parts[parts.length - 2], cpuOf(parts[parts.length - 1])];
}

/**
 * Does architecture `arch` (a concrete name such as `amd64`) match `pattern`?
 * `any` matches everything, `<os>-any` an OS (`linux-any`), `any-<cpu>` a CPU
 * (`any-amd64`), `<abi>-<os>-<cpu>` with `any` parts likewise; otherwise the
 * names must be equal.
 */
export function archMatches(arch: string, pattern: string): boolean {
  if (pattern === arch || pattern === 'any') return true;
  if (pattern === 'all') return arch === 'all';
  const p = pattern.split('-');
  if (p.length === 1) return false; // a different concrete architecture
  if (!p.includes('any')) return false; // a different concrete architecture
  const [abi, os, cpu] = archTuple(arch);
  if (p.length === 2) {
    return (p[0] === 'any' || p[0] === os) && (p[1] === 'any' || p[1] === cpu);
  }
  if (p.length === 3) {
    return (p[0] === 'any' || p[0] === abi) && (p[1] === 'any' || p[1] === os) && (p[2] === 'any' || p[2] === cpu);
  }
  return false;
}

/** Is the alternative's architecture restriction list satisfied on `arch`? */
export function archAllowed(rel: Relation, arch: string): boolean {
  const terms = rel.arches;
  if (terms === undefined || terms.length === 0) return true;
  let hasPositive = false;
  let positiveHit = false;
  for (const t of terms) {
    const m = archMatches(arch, t.arch);
    if (t.negated) {
      if (m) return false;
    } else {
      hasPositive = true;
      if (m) positiveHit = true;
    }
  }
  return !hasPositive || positiveHit;
}

/** An architecture field (`any all`, `linux-any`, `amd64 i386`) admits `arch`? */
export function archFieldMatches(field: string | undefined, arch: string): boolean {
  if (field === undefined) return true;
  for (const tok of field.split(/\s+/)) {
    if (tok === '') continue;
    if (tok === 'all' || archMatches(arch, tok)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Build profiles

/** Is the alternative's profile formula satisfied with the `active` profiles? */
export function profilesAllowed(rel: Relation, active: ReadonlySet<string>): boolean {
  const f = rel.profiles;
  if (f === undefined || f.length === 0) return true;
  for (const conj of f) {
    let ok = true;
    for (const t of conj) {
      if (active.has(t.name) === t.negated) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

export interface EvalContext {
  arch: string;
  profiles: ReadonlySet<string>;
}

/** Does the alternative apply in this build (architecture and profiles)? */
export function relationApplies(rel: Relation, ctx: EvalContext): boolean {
  return archAllowed(rel, ctx.arch) && profilesAllowed(rel, ctx.profiles);
}

/** The alternatives of a group that apply in this build, in order. */
export function applicableAlternatives(group: RelationGroup, ctx: EvalContext): Relation[] {
  return group.filter((r) => relationApplies(r, ctx));
}

/** Every `stageN` profile named in the groups, as numbers, ascending. */
export function stageNumbers(groups: Iterable<RelationGroup>): number[] {
  const found = new Set<number>();
  for (const g of groups) {
    for (const r of g) {
      if (r.profiles === undefined) continue;
      for (const conj of r.profiles) {
        for (const t of conj) {
          const m = /^stage([1-9][0-9]*)$/.exec(t.name);
          if (m) found.add(Number(m[1]));
        }
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}
