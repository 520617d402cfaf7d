// Turning deb822 texts (Sources, Packages, debian/control) into the plain
// records the resolver works on. Pure: text in, data out.

import { getField, iterateDeb822 } from './deb822';
import { archFieldMatches, parseRelations, RelationGroup } from './relations';
import { compareVersions } from './version';

/** The build-dependency fields of a source, in the order they are read. */
export const BUILD_DEP_FIELDS = ['Build-Depends', 'Build-Depends-Arch', 'Build-Depends-Indep'] as const;
export type BuildDepField = (typeof BUILD_DEP_FIELDS)[number];

/** The runtime-dependency fields of a binary. */
export const RUNTIME_DEP_FIELDS = ['Pre-Depends', 'Depends'] as const;
export type RuntimeDepField = (typeof RUNTIME_DEP_FIELDS)[number];

export interface SourceRecord {
  name: string;
  version: string;
  /** The `Architecture:` field (`any all`, `linux-any`, ...), if given. */
  architecture?: string;
  /** Raw field values; parse them with `parseRelations` (kept unparsed to stay small on a full archive). */
  buildDepends: Array<{ field: BuildDepField; value: string }>;
  /** Binary names from the `Binary:` field or the control file's paragraphs. */
  binaries: string[];
  /** The `Maintainer:` field (`Name <mail>`), if given. */
  maintainer?: string;
  /** The `Uploaders:` field, one `Name <mail>` per entry. */
  uploaders?: string[];
}

export interface BinaryRecord {
  name: string;
  /** The source package building it (the `Source:` field without version, default the binary name). */
  source: string;
  version: string;
  architecture: string;
  essential: boolean;
  /** Raw field values (Pre-Depends, Depends); parse them with `parseRelations`. */
  depends: Array<{ field: RuntimeDepField; value: string }>;
  /** Names this binary provides (virtual packages), version constraints dropped. */
  provides: string[];
}

const SOURCE_FIELDS = new Set([
  'package',
  'source',
  'version',
  'architecture',
  'binary',
  'extra-source-only',
  'build-depends',
  'build-depends-arch',
  'build-depends-indep',
  'maintainer',
  'uploaders',
]);

const BINARY_FIELDS = new Set([
  'package',
  'source',
  'version',
  'architecture',
  'essential',
  'depends',
  'pre-depends',
  'provides',
]);

/** `foo (1.2-3)` -> `foo`. */
export function sourceNameOf(sourceField: string | undefined, binaryName: string): string {
  if (sourceField === undefined) return binaryName;
  const name = sourceField.trim().split(/[\s(]/, 1)[0];
  return name === '' ? binaryName : name;
}

function splitList(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A copy of `s` that does not share memory with the text it was cut from, so
 * a 60 MB index can be freed once parsed (V8 keeps the parent of a sliced
 * string alive). Short strings are copied by V8 anyway.
 */
/** `Maintainer` and `Uploaders` (entries end with `>`; a name may hold a comma). */
function people(p: Record<string, string>): Pick<SourceRecord, 'maintainer' | 'uploaders'> {
  const out: Pick<SourceRecord, 'maintainer' | 'uploaders'> = {};
  const maintainer = getField(p, 'Maintainer')?.replace(/\s+/g, ' ').trim();
  if (maintainer) out.maintainer = maintainer;
  const uploaders = (getField(p, 'Uploaders') ?? '')
    .replace(/\s+/g, ' ')
    .split(/(?<=>)\s*,/)
    .map((u) => u.trim().replace(/^,\s*/, ''))
    .filter((u) => u !== '');
  if (uploaders.length) out.uploaders = [...new Set(uploaders)];
  return out;
}

export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function buildDeps(p: Record<string, string>): SourceRecord['buildDepends'] {
  const out: SourceRecord['buildDepends'] = [];
  for (const field of BUILD_DEP_FIELDS) {
    const v = getField(p, field);
    if (v !== undefined) out.push({ field, value: detach(v) });
  }
  return out;
}

function runtimeDeps(p: Record<string, string>): BinaryRecord['depends'] {
  const out: BinaryRecord['depends'] = [];
  for (const field of RUNTIME_DEP_FIELDS) {
    const v = getField(p, field);
    if (v !== undefined) out.push({ field, value: detach(v) });
  }
  return out;
}

function providedNames(v: string | undefined, skipSubstvars: boolean): string[] {
  return parseRelations(v)
    .flat()
    .filter((r) => !(skipSubstvars && r.substvar))
    .map((r) => detach(r.name));
}

/** The build-dependency fields of a source, parsed. */
export function sourceBuildDepends(s: SourceRecord): Array<{ field: BuildDepField; groups: RelationGroup[] }> {
  return s.buildDepends.map(({ field, value }) => ({ field, groups: parseRelations(value) }));
}

/** The runtime-dependency fields of a binary, parsed. */
export function binaryDepends(b: BinaryRecord): Array<{ field: RuntimeDepField; groups: RelationGroup[] }> {
  return b.depends.map(({ field, value }) => ({ field, groups: parseRelations(value) }));
}

export interface ParsedSources {
  sources: SourceRecord[];
  /** Paragraphs read. */
  stanzas: number;
  /** `Extra-Source-Only: yes` stanzas and older duplicate versions skipped. */
  skipped: number;
}

/**
 * Parse a Sources index. `Extra-Source-Only: yes` stanzas are skipped; when a
 * source appears more than once, the highest version is kept. The result is
 * in file order of first appearance.
 */
export function parseSources(text: string): ParsedSources {
  const byName = new Map<string, SourceRecord>();
  let stanzas = 0;
  let skipped = 0;
  for (const p of iterateDeb822(text, { fields: SOURCE_FIELDS })) {
    stanzas++;
    const name = getField(p, 'Package') ?? getField(p, 'Source');
    if (name === undefined || name === '') {
      skipped++;
      continue;
    }
    if ((getField(p, 'Extra-Source-Only') ?? '').toLowerCase() === 'yes') {
      skipped++;
      continue;
    }
    const architecture = getField(p, 'Architecture');
    const rec: SourceRecord = {
      name: detach(name),
      version: detach(getField(p, 'Version') ?? ''),
      architecture: architecture === undefined ? undefined : detach(architecture),
      buildDepends: buildDeps(p),
      binaries: splitList(getField(p, 'Binary')).map(detach),
      ...people(p),
    };
    const prev = byName.get(name);
    if (prev !== undefined) {
      skipped++;
      if (compareVersions(rec.version, prev.version) <= 0) continue;
    }
    byName.set(name, rec);
  }
  return { sources: [...byName.values()], stanzas, skipped };
}

export interface ParsedControl {
  source: SourceRecord;
  /** Binary paragraphs (for binaries the Packages index does not know). */
  binaries: BinaryRecord[];
}

/**
 * Parse a `debian/control` file: the first paragraph is the source, the
 * others its binaries. Binary relations keep substitution variables
 * (`${shlibs:Depends}`) marked so the resolver can skip them.
 */
export function parseControl(text: string, arch: string): ParsedControl {
  let source: SourceRecord | undefined;
  const binaries: BinaryRecord[] = [];
  for (const p of iterateDeb822(text)) {
    if (source === undefined) {
      const name = getField(p, 'Source');
      if (name === undefined || name === '') {
        throw new Error('debian/control: the first paragraph has no Source field');
      }
      source = {
        name,
        version: getField(p, 'Version') ?? '',
        buildDepends: buildDeps(p),
        binaries: [],
        ...people(p),
      };
      continue;
    }
    const name = getField(p, 'Package');
    if (name === undefined || name === '') continue;
    const architecture = getField(p, 'Architecture') ?? 'any';
    source.binaries.push(name);
    if (!archFieldMatches(architecture, arch)) continue;
    binaries.push({
      name,
      source: source.name,
      version: source.version,
      architecture: architecture.split(/\s+/).includes('all') ? 'all' : arch,
      essential: (getField(p, 'Essential') ?? '').toLowerCase() === 'yes',
      depends: runtimeDeps(p),
      provides: providedNames(getField(p, 'Provides'), true),
    });
  }
  if (source === undefined) throw new Error('debian/control: no paragraphs');
  return { source, binaries };
}

export interface ParsedPackages {
  binaries: BinaryRecord[];
  stanzas: number;
  /** Older duplicate versions skipped. */
  skipped: number;
}

/**
 * Parse a Packages index. When a binary appears more than once, the highest
 * version is kept. The result is in file order of first appearance.
 */
export function parsePackages(text: string): ParsedPackages {
  const byName = new Map<string, BinaryRecord>();
  let stanzas = 0;
  let skipped = 0;
  for (const p of iterateDeb822(text, { fields: BINARY_FIELDS })) {
    stanzas++;
    const name = getField(p, 'Package');
    if (name === undefined || name === '') {
      skipped++;
      continue;
    }
    const rec: BinaryRecord = {
      name: detach(name),
      source: detach(sourceNameOf(getField(p, 'Source'), name)),
      version: detach(getField(p, 'Version') ?? ''),
      architecture: detach(getField(p, 'Architecture') ?? ''),
      essential: (getField(p, 'Essential') ?? '').toLowerCase() === 'yes',
      depends: runtimeDeps(p),
      provides: providedNames(getField(p, 'Provides'), false),
    };
    const prev = byName.get(name);
    if (prev !== undefined) {
      skipped++;
      if (compareVersions(rec.version, prev.version) <= 0) continue;
    }
    byName.set(name, rec);
  }
  return { binaries: [...byName.values()], stanzas, skipped };
}
