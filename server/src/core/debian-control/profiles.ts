// Build profiles (https://wiki.debian.org/BuildProfileSpec): the known
// names, evaluating a restriction formula, explaining it in words, and
// adding "not <profile>" to a formula without changing the rest of its
// meaning.
//
// A formula is a disjunction of `<...>` lists, each a conjunction of
// (possibly negated) profile names: `<!stage1 !nocheck> <cross>` holds
// when building without stage1 and without nocheck, or with cross.

import { profilesAllowed, type ProfileTerm } from '../../import/debian/relations';

/** Registered profile names (the specification's list, and those bookworm's Build-Depends use). */
export const KNOWN_PROFILES: ReadonlyArray<{ name: string; doc: string }> = [
  { name: 'stage1', doc: 'First bootstrap stage: build with fewer build dependencies to break a cycle; may build fewer or reduced binary packages.' },
  { name: 'stage2', doc: 'Second bootstrap stage, after a stage1 build.' },
  { name: 'nocheck', doc: 'Do not run the test suite (DEB_BUILD_OPTIONS=nocheck); must not change the binary packages.' },
  { name: 'nodoc', doc: 'Do not build documentation; must not change the contents of the other binary packages.' },
  { name: 'cross', doc: 'Cross-building: the build architecture differs from the host architecture.' },
  { name: 'nobiarch', doc: 'Do not build multilib (biarch) packages.' },
  { name: 'nocil', doc: 'Do not build Common Intermediate Language (.NET) bindings.' },
  { name: 'nogir', doc: 'Do not build GObject introspection data.' },
  { name: 'nogolang', doc: 'Do not build Go bindings.' },
  { name: 'noguile', doc: 'Do not build Guile bindings.' },
  { name: 'noinsttest', doc: 'Do not build installed tests.' },
  { name: 'nojava', doc: 'Do not build Java bindings.' },
  { name: 'nolua', doc: 'Do not build Lua bindings.' },
  { name: 'noocaml', doc: 'Do not build OCaml bindings.' },
  { name: 'noperl', doc: 'Do not build Perl bindings.' },
  { name: 'nopython', doc: 'Do not build Python bindings.' },
  { name: 'noruby', doc: 'Do not build Ruby bindings.' },
  { name: 'notriggered', doc: 'Do not build packages that are only triggered (e.g. for the Debian installer).' },
  { name: 'noudeb', doc: 'Do not build udeb packages (for the Debian installer).' },
  { name: 'nowasm', doc: 'Do not build WebAssembly artefacts.' },
  { name: 'nowindows', doc: 'Do not build Windows artefacts.' },
  { name: 'upstream-cargo', doc: 'Build with the upstream cargo dependencies instead of the packaged ones.' },
];

export const KNOWN_PROFILE_NAMES: ReadonlySet<string> = new Set(KNOWN_PROFILES.map((p) => p.name));

/** `pkg.<source>.<name>`: a profile private to one source package. */
export const PACKAGE_PROFILE = /^pkg\.([a-z0-9][a-z0-9+.-]+)\.([a-z0-9][a-z0-9+-]*)$/;

/** Is this profile name known, registered or well-formed source-specific? */
export function isKnownProfile(name: string): boolean {
  return KNOWN_PROFILE_NAMES.has(name) || PACKAGE_PROFILE.test(name) || /^stage[1-9][0-9]*$/.test(name);
}

export type Formula = ReadonlyArray<ReadonlyArray<ProfileTerm>>;

/** Does the formula hold with these profiles active? An empty formula always holds. */
export function formulaHolds(formula: Formula, active: ReadonlySet<string>): boolean {
  return profilesAllowed({ name: '', text: '', profiles: formula as ProfileTerm[][] }, active);
}

/**
 * The formula "`formula` and not `profile`", or null when that is never true
 * (every list requires `profile`): lists are ANDs, so `!profile` joins each
 * list; a list already holding `!profile` is kept; a list requiring
 * `profile` can no longer hold and goes. An empty formula becomes `<!profile>`.
 */
export function withoutProfile(formula: Formula, profile: string): ProfileTerm[][] | null {
  if (formula.length === 0) return [[{ negated: true, name: profile }]];
  const out: ProfileTerm[][] = [];
  for (const list of formula) {
    if (list.some((t) => t.name === profile && !t.negated)) continue;
    if (list.some((t) => t.name === profile && t.negated)) out.push(list.slice());
    else out.push([...list, { negated: true, name: profile }]);
  }
  return out.length === 0 ? null : out;
}

export function formatFormula(formula: Formula): string {
  return formula.map((list) => `<${list.map((t) => (t.negated ? '!' : '') + t.name).join(' ')}>`).join(' ');
}

/** "building with stage1 and without nocheck, or with cross". */
function conditionWords(formula: Formula): string {
  return formula
    .map((list) => list.map((t) => `${t.negated ? 'without' : 'with'} ${t.name}`).join(' and '))
    .join(', or ');
}

/** The formula in words, for hover. */
export function explainFormula(formula: Formula): string {
  if (formula.length === 0) return 'Always used.';
  // One list of negations: say when it is dropped (De Morgan), the common case.
  if (formula.length === 1 && formula[0].every((t) => t.negated)) {
    const names = formula[0].map((t) => t.name);
    return `Dropped when building with ${names.join(' or ')}; used otherwise.`;
  }
  if (formula.every((list) => list.length === 1 && !list[0].negated)) {
    return `Used only when building with ${formula.map((l) => l[0].name).join(' or ')}.`;
  }
  return `Used when building ${conditionWords(formula)}; dropped otherwise.`;
}
