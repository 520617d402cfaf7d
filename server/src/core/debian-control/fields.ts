// The fields of debian/control (Policy §5.2 source stanza, §5.3 binary
// stanzas; deb-src-control(5)), with a line of documentation each.

export type StanzaKind = 'source' | 'binary';

export interface FieldInfo {
  name: string;
  stanza: StanzaKind | 'both';
  doc: string;
  /** A relationship field; `build` ones take architecture lists and restriction formulas. */
  relation?: 'build' | 'binary';
}

export const CONTROL_FIELDS: readonly FieldInfo[] = [
  { name: 'Source', stanza: 'source', doc: 'The source package name.' },
  { name: 'Section', stanza: 'both', doc: 'The archive area and section (e.g. `libs`, `contrib/devel`).' },
  { name: 'Priority', stanza: 'both', doc: 'required, important, standard or optional.' },
  { name: 'Maintainer', stanza: 'source', doc: 'Name and email address of the maintainer.' },
  { name: 'Uploaders', stanza: 'source', doc: 'Co-maintainers, comma-separated.' },
  { name: 'Standards-Version', stanza: 'source', doc: 'The Policy version the package complies with.' },
  { name: 'Build-Depends', stanza: 'source', relation: 'build', doc: 'Packages needed to build the source (clean and build-arch/build-indep targets). Entries can be restricted to architectures `[...]` and build profiles `<...>`.' },
  { name: 'Build-Depends-Arch', stanza: 'source', relation: 'build', doc: 'Packages needed only to build the architecture-dependent binaries.' },
  { name: 'Build-Depends-Indep', stanza: 'source', relation: 'build', doc: 'Packages needed only to build the Architecture: all binaries.' },
  { name: 'Build-Conflicts', stanza: 'source', relation: 'build', doc: 'Packages that must not be installed while building.' },
  { name: 'Build-Conflicts-Arch', stanza: 'source', relation: 'build', doc: 'Packages that must not be installed while building the architecture-dependent binaries.' },
  { name: 'Build-Conflicts-Indep', stanza: 'source', relation: 'build', doc: 'Packages that must not be installed while building the Architecture: all binaries.' },
  { name: 'Homepage', stanza: 'both', doc: 'The upstream project home page.' },
  { name: 'Vcs-Browser', stanza: 'source', doc: 'A web view of the packaging repository.' },
  { name: 'Vcs-Git', stanza: 'source', doc: 'The packaging Git repository.' },
  { name: 'Testsuite', stanza: 'source', doc: 'Test suites (autopkgtest) of the package.' },
  { name: 'Testsuite-Triggers', stanza: 'source', doc: 'Packages whose changes trigger the test suite.' },
  { name: 'Rules-Requires-Root', stanza: 'source', doc: 'Whether debian/rules needs (fake)root: `no`, `binary-targets`, or keywords.' },
  { name: 'Package', stanza: 'binary', doc: 'The binary package name.' },
  { name: 'Architecture', stanza: 'binary', doc: 'Architectures the binary is built for: `any`, `all`, names or wildcards (`linux-any`).' },
  { name: 'Multi-Arch', stanza: 'binary', doc: 'same, foreign, allowed or no.' },
  { name: 'Essential', stanza: 'binary', doc: '`yes` for packages that must never be removed.' },
  { name: 'Protected', stanza: 'binary', doc: '`yes` for packages the system needs to boot.' },
  { name: 'Package-Type', stanza: 'binary', doc: '`deb` (default) or `udeb`.' },
  { name: 'Build-Profiles', stanza: 'binary', doc: 'Restriction formula saying under which build profiles this binary is built, e.g. `<!stage1>` (not built in stage1 builds).' },
  { name: 'Pre-Depends', stanza: 'binary', relation: 'binary', doc: 'Packages that must be installed and configured before this one is unpacked.' },
  { name: 'Depends', stanza: 'binary', relation: 'binary', doc: 'Packages needed for this one to work.' },
  { name: 'Recommends', stanza: 'binary', relation: 'binary', doc: 'Packages found with this one in all but unusual installations.' },
  { name: 'Suggests', stanza: 'binary', relation: 'binary', doc: 'Packages that may be useful with this one.' },
  { name: 'Enhances', stanza: 'binary', relation: 'binary', doc: 'Packages this one is useful with (the reverse of Suggests).' },
  { name: 'Breaks', stanza: 'binary', relation: 'binary', doc: 'Packages this one breaks (they are deconfigured until upgraded).' },
  { name: 'Conflicts', stanza: 'binary', relation: 'binary', doc: 'Packages that cannot be installed together with this one.' },
  { name: 'Provides', stanza: 'binary', relation: 'binary', doc: 'Virtual packages this one provides.' },
  { name: 'Replaces', stanza: 'binary', relation: 'binary', doc: 'Packages whose files this one overwrites.' },
  { name: 'Built-Using', stanza: 'binary', relation: 'binary', doc: 'Source packages whose contents were built into this binary.' },
  { name: 'Static-Built-Using', stanza: 'binary', relation: 'binary', doc: 'Source packages statically linked into this binary.' },
  { name: 'Description', stanza: 'binary', doc: 'A synopsis line, then the extended description on continuation lines.' },
];

const BY_LOWER = new Map(CONTROL_FIELDS.map((f) => [f.name.toLowerCase(), f]));

export function fieldInfo(name: string): FieldInfo | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

export function relationKind(lower: string): 'build' | 'binary' | undefined {
  return BY_LOWER.get(lower)?.relation;
}

/** Fields whose names strap does not flag: user-defined (X…-) and the other Vcs-* fields. */
export function isExtensionField(name: string): boolean {
  return /^(X[SBC]*-|Vcs-|Original-|Debian-|Ubuntu-)/i.test(name);
}

export const KNOWN_FIELD_NAMES: readonly string[] = CONTROL_FIELDS.map((f) => f.name);
