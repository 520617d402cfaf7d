// Checks of a debian/control file that need no archive: deb822 syntax, every
// relationship field (names, versions and operators, architecture lists,
// restriction formulas), Build-Profiles on binary stanzas, and lintian's
// stageX-profile-used-but-no-binary-package-dropped. Stable codes, ranges on
// the token at fault.

import type { CoreDiagnostic, Fix, OffsetRange, Severity } from '../types';
import { suggest } from '../text/suggest';
import { archMatches } from '../../import/debian/relations';
import { KNOWN_ARCHITECTURES } from './arch-names';
import { fieldOf } from './deb822-document';
import type { ControlModel } from './control-model';
import type { ArchTermAt, ProfileTermAt, RestrictionListAt } from './relation-syntax';
import { isKnownProfile, KNOWN_PROFILE_NAMES } from './profiles';
import { fieldInfo, isExtensionField, KNOWN_FIELD_NAMES } from './fields';

export const CONTROL_CODES = [
  'deb822-syntax',
  'deb822-duplicate-field',
  'control-missing-field',
  'control-unknown-field',
  'relation-syntax',
  'relation-package-name',
  'relation-version',
  'relation-arch',
  'relation-arch-mixed',
  'relation-profile-syntax',
  'unknown-build-profile',
  'build-profiles-syntax',
  'stage-profile-drops-no-binary',
] as const;

const wildcardCache = new Map<string, boolean>();

/** A concrete architecture name, or a wildcard (`linux-any`, `any-amd64`, `any`) matching at least one. */
export function isKnownArchitecture(arch: string): boolean {
  if (KNOWN_ARCHITECTURES.has(arch) || arch === 'any') return true;
  if (!arch.split('-').includes('any')) return false;
  let known = wildcardCache.get(arch);
  if (known === undefined) {
    known = false;
    for (const a of KNOWN_ARCHITECTURES) {
      if (archMatches(a, arch)) {
        known = true;
        break;
      }
    }
    wildcardCache.set(arch, known);
  }
  return known;
}

const ARCH_SUGGESTIONS = ['any', 'linux-any', 'hurd-any', 'kfreebsd-any', 'any-amd64', 'any-i386', 'any-arm64', ...KNOWN_ARCHITECTURES];

function replaceFix(uri: string, title: string, range: OffsetRange, newText: string, preferred = true): Fix {
  return { title, kind: 'quickfix', isPreferred: preferred, changes: [{ uri, edits: [{ range, newText }] }] };
}

export function checkControl(uri: string, model: ControlModel): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const add = (range: OffsetRange, severity: Severity, code: string, message: string, fixes?: Fix[], data?: Record<string, unknown>): void => {
    const d: CoreDiagnostic = { uri, range, severity, code, message };
    if (fixes?.length) d.fixes = fixes;
    if (data) d.data = data;
    out.push(d);
  };
  for (const p of model.doc.problems) add(p.range, 'error', p.code, p.message);

  const firstLine = (r: OffsetRange): OffsetRange => {
    const nl = model.doc.text.slice(r.start, r.end).search(/[\r\n]/);
    return { start: r.start, end: nl < 0 ? r.end : r.start + nl };
  };
  if (model.doc.stanzas.length > 0 && model.source && !fieldOf(model.source, 'Source')) {
    add(firstLine(model.source.range), 'error', 'control-missing-field', 'The first stanza of debian/control describes the source package: it needs a Source field');
  }
  for (const b of model.binaries) {
    if (!fieldOf(b, 'Package')) add(firstLine(b.range), 'error', 'control-missing-field', 'A binary package stanza needs a Package field');
  }
  for (const stanza of model.doc.stanzas) {
    const isSource = stanza === model.source;
    for (const f of stanza.fields) {
      const info = fieldInfo(f.name);
      if (info) {
        if (info.stanza !== 'both' && (info.stanza === 'source') !== isSource) {
          add(f.nameRange, 'warning', 'control-unknown-field', `${f.name} belongs in ${info.stanza === 'source' ? 'the source stanza (the first one)' : 'a binary package stanza'}`);
        }
        continue;
      }
      if (isExtensionField(f.name)) continue;
      const near = suggest(f.name, KNOWN_FIELD_NAMES, 1);
      if (near.length > 0) {
        add(f.nameRange, 'warning', 'control-unknown-field', `Unknown field '${f.name}'; did you mean '${near[0]}'?`, [replaceFix(uri, `Change to '${near[0]}'`, f.nameRange, near[0])]);
      }
    }
  }

  for (const rel of model.relations) {
    for (const p of rel.parsed.problems) {
      add(p.range, p.severity, p.code, p.message, p.fix ? [replaceFix(uri, p.fix.title, p.fix.range, p.fix.newText)] : undefined);
    }
    for (const entry of rel.parsed.entries) {
      for (const alt of entry.alternatives) {
        if (alt.qualifier) {
          const q = alt.qualifier.value;
          // `:any`, `:native` (build fields), or an architecture (built Conflicts/Breaks name `libc6-x32:i386`).
          if (!(q === 'any' || (q === 'native' && rel.kind === 'build') || KNOWN_ARCHITECTURES.has(q))) {
            add(alt.qualifier.range, 'warning', 'relation-arch', q === 'native'
              ? `':native' applies only to build dependencies (${rel.field.name} takes ':any' or an architecture)`
              : `':${q}' is not an architecture qualifier (':any', ':native' or an architecture name)`);
          }
        }
        if (alt.arches) checkArchList(alt.arches.range, alt.arches.terms, add, uri);
        for (const list of alt.restrictions) checkRestrictionList(list, add, uri, model.sourceName);
      }
    }
  }

  for (const bp of model.buildProfiles) {
    if (bp.stanza === model.source) add(bp.field.nameRange, 'warning', 'build-profiles-syntax', 'Build-Profiles belongs in a binary package stanza: it says when that binary is built');
    for (const s of bp.stray) add(s, 'error', 'build-profiles-syntax', "Build-Profiles holds only restriction lists, e.g. '<!stage1>' or '<!nocheck> <cross>'");
    if (bp.unclosed) add(bp.unclosed, 'error', 'build-profiles-syntax', "'<' is not closed by '>'");
    if (bp.lists.length === 0 && bp.stray.length === 0 && !bp.unclosed) add(bp.field.nameRange, 'error', 'build-profiles-syntax', 'Build-Profiles is empty');
    for (const list of bp.lists) checkRestrictionList(list, add, uri, model.sourceName);
  }

  checkStageDropsBinary(model, add);
  return out;
}

type Add = (range: OffsetRange, severity: Severity, code: string, message: string, fixes?: Fix[], data?: Record<string, unknown>) => void;

function checkArchList(range: OffsetRange, terms: ArchTermAt[], add: Add, uri: string): void {
  const negated = terms.filter((t) => t.negated).length;
  if (negated > 0 && negated < terms.length) {
    add(range, 'error', 'relation-arch-mixed', 'An architecture list is either all negated ([!hurd-any !kfreebsd-any]) or all plain ([amd64 arm64]), not mixed');
  }
  for (const t of terms) {
    if (t.arch === '') {
      add(t.range, 'error', 'relation-arch', "'!' must be followed by an architecture name");
      continue;
    }
    if (isKnownArchitecture(t.arch)) continue;
    const near = suggest(t.arch, ARCH_SUGGESTIONS, 1);
    const start = t.range.start + (t.negated ? 1 : 0);
    const nameRange = { start, end: t.range.end };
    add(nameRange, 'warning', 'relation-arch', `Unknown architecture '${t.arch}'${near.length ? `; did you mean '${near[0]}'?` : ''}`,
      near.length ? [replaceFix(uri, `Change to '${near[0]}'`, nameRange, near[0])] : undefined);
  }
}

function checkRestrictionList(list: RestrictionListAt, add: Add, uri: string, sourceName: string | undefined): void {
  for (const t of list.terms) checkProfileTerm(t, add, uri, sourceName);
}

function checkProfileTerm(t: ProfileTermAt, add: Add, uri: string, sourceName: string | undefined): void {
  if (t.name === '') {
    add(t.range, 'error', 'relation-profile-syntax', "'!' must be followed by a profile name");
    return;
  }
  const nameRange = { start: t.range.start + (t.negated ? 1 : 0), end: t.range.end };
  if (!/^[a-z0-9][a-z0-9.+-]*$/.test(t.name)) {
    add(nameRange, 'error', 'relation-profile-syntax', `'${t.name}' is not a profile name (lower-case letters, digits, '.', '+', '-')`);
    return;
  }
  if (isKnownProfile(t.name)) return;
  if (t.name.startsWith('pkg.')) {
    const example = `pkg.${sourceName ?? 'source'}.name`;
    add(nameRange, 'warning', 'unknown-build-profile', `'${t.name}' is not a well-formed source-specific profile: write '${example}' (pkg.<source>.<name>)`);
    return;
  }
  const candidates = [...KNOWN_PROFILE_NAMES];
  const near = suggest(t.name, candidates, 1);
  const pkgHint = sourceName ? `, or 'pkg.${sourceName}.${t.name}' for a profile of this package` : '';
  add(nameRange, 'warning', 'unknown-build-profile',
    `Unknown build profile '${t.name}'${near.length ? `; did you mean '${near[0]}'?` : ''} (registered names, or pkg.<source>.<name>${pkgHint})`,
    near.length ? [replaceFix(uri, `Change to '${near[0]}'`, nameRange, near[0])] : undefined);
}

/**
 * lintian's stageX-profile-used-but-no-binary-package-dropped: a stage
 * profile in the build dependencies, but no binary stanza is left out of
 * that stage (Build-Profiles with `!stageN`). A stage build that builds
 * every binary package with fewer dependencies is suspicious: the binaries
 * it produces differ from the full build's.
 */
function checkStageDropsBinary(model: ControlModel, add: Add): void {
  const dropped = new Set<string>();
  for (const bp of model.buildProfiles) {
    for (const list of bp.lists) for (const t of list.terms) if (t.negated && /^stage[0-9]+$/.test(t.name)) dropped.add(t.name);
  }
  const reported = new Set<string>();
  for (const rel of model.relations) {
    if (rel.kind !== 'build' || !rel.field.lower.startsWith('build-depends')) continue;
    for (const entry of rel.parsed.entries) {
      for (const alt of entry.alternatives) {
        for (const list of alt.restrictions) {
          for (const t of list.terms) {
            if (!/^stage[0-9]+$/.test(t.name) || dropped.has(t.name) || reported.has(t.name)) continue;
            reported.add(t.name);
            add(t.range, 'information', 'stage-profile-drops-no-binary',
              `${t.name} is used in the build dependencies, but no binary package is dropped in a ${t.name} build ` +
              `(no stanza has 'Build-Profiles: <!${t.name}>'): a ${t.name} build then produces every binary, ` +
              'possibly with reduced functionality (lintian: stageX-profile-used-but-no-binary-package-dropped)');
          }
        }
      }
    }
  }
}

