// `strap import debian`: Debian archive indexes (Sources + Packages) or one
// debian/control -> a strap bootstrap file.
//
// Build profiles: the full build is evaluated with no profiles active (other
// than `profiles`); the stage-N build with `stageN` active as well. Sources
// whose stage-N set differs from the full set get `build-depends-bootstrapN`.
// Restrictions are evaluated before an alternative is chosen.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  BinaryRecord,
  parseControl,
  parsePackages,
  parseSources,
  ParsedControl,
  ParsedPackages,
  ParsedSources,
  SourceRecord,
} from './archive';
import { emitBootstrapYaml } from './emit';
import { MINIMAL_CORE_BINARIES, resolveArchive, UnresolvedDependency, type CoreRule } from './resolve';

export { parseDeb822, iterateDeb822, getField, MULTILINE_FIELDS } from './deb822';
export type { Deb822Paragraph, Deb822Options } from './deb822';
export {
  parseRelations,
  parseRelation,
  formatGroup,
  archMatches,
  archAllowed,
  archFieldMatches,
  archTuple,
  profilesAllowed,
  relationApplies,
  applicableAlternatives,
  stageNumbers,
} from './relations';
export type { Relation, RelationGroup, ArchTerm, ProfileTerm, EvalContext } from './relations';
export {
  parseSources,
  parsePackages,
  parseControl,
  sourceNameOf,
  sourceBuildDepends,
  binaryDepends,
  detach,
  BUILD_DEP_FIELDS,
  RUNTIME_DEP_FIELDS,
} from './archive';
export type { SourceRecord, BinaryRecord, ParsedSources, ParsedPackages, ParsedControl } from './archive';
export { BinaryIndex, resolveGroup, resolveArchive, isValidPackageName, essentialClosure, coreClosure, MINIMAL_CORE_BINARIES } from './resolve';
export type { ImportedPackage, UnresolvedDependency, ResolveOptions, ResolveResult, GroupResolution, CoreRule } from './resolve';
export { emitBootstrapYaml, yamlName, formatUnresolved } from './emit';
export { compareVersions } from './version';

export interface DebianImportOptions {
  /** Path of a Sources index (plain or gzip). */
  sources?: string;
  /** Path of one debian/control file. */
  control?: string;
  /** Path of a Packages index (plain or gzip). */
  packages: string;
  /** Target architecture (default amd64). */
  arch?: string;
  /** Build profiles active in every evaluation (e.g. `nocheck`). */
  profiles?: string[];
  /** Overrides the computed prebuilt set. */
  prebuilt?: string[];
  /** Which core the computed prebuilt set starts from (default `minimal`, botch-native's). */
  core?: CoreRule;
}

export interface DebianImportTextInput {
  sourcesText?: string;
  controlText?: string;
  packagesText: string;
  arch?: string;
  profiles?: string[];
  prebuilt?: string[];
  core?: CoreRule;
  /** Names shown in the header for the inputs (default `Sources`, `debian/control`, `Packages`). */
  labels?: { sources?: string; control?: string; packages?: string };
}

export interface DebianImportStats {
  arch: string;
  profiles: string[];
  /** Paragraphs read from the Sources index (0 without one). */
  sourceStanzas: number;
  /** Paragraphs read from the Packages index. */
  binaryStanzas: number;
  /** Source packages imported (with their build dependencies). */
  sources: number;
  /** Sources skipped: not built on `arch`, Extra-Source-Only, older duplicates. */
  skippedSources: number;
  /** Packages of the output (imported sources plus external ones). */
  packages: number;
  /** Sources referenced through binaries but not among the imported sources. */
  externalSources: number;
  prebuilt: number;
  /** Binaries listed under the packages, and how many of them are prebuilt (Architecture: all). */
  binaries: number;
  prebuiltBinaries: number;
  /** Stage N -> packages with a `build-depends-bootstrapN`. */
  bootstrapSets: Record<string, number>;
  /** Packages with at least one bootstrap set. */
  packagesWithBootstrap: number;
  buildEdges: number;
  runtimeEdges: number;
  selfLoops: number;
  unresolved: number;
  /** `prebuilt` names that are not packages of the output. */
  unknownPrebuilt: string[];
}

export interface DebianImportResult {
  text: string;
  stats: DebianImportStats;
  unresolved: UnresolvedDependency[];
}

/** The import, pure: index texts in, bootstrap file text out. */
export function importDebianFromText(input: DebianImportTextInput): DebianImportResult {
  const arch = input.arch ?? 'amd64';
  if (input.sourcesText === undefined && input.controlText === undefined) {
    throw new Error('import debian: give a Sources index or a debian/control file');
  }
  return importParsed({
    sources: input.sourcesText !== undefined ? parseSources(input.sourcesText) : undefined,
    control: input.controlText !== undefined ? parseControl(input.controlText, arch) : undefined,
    packages: parsePackages(input.packagesText),
    arch,
    profiles: input.profiles,
    prebuilt: input.prebuilt,
    core: input.core,
    labels: input.labels,
  });
}

interface ParsedInput {
  sources?: ParsedSources;
  control?: ParsedControl;
  packages: ParsedPackages;
  arch: string;
  profiles?: string[];
  prebuilt?: string[];
  core?: CoreRule;
  labels?: DebianImportTextInput['labels'];
}

function importParsed(input: ParsedInput): DebianImportResult {
  const arch = input.arch;
  const profiles = [...new Set((input.profiles ?? []).map((p) => p.trim()).filter((p) => p !== ''))].sort();
  const sources: SourceRecord[] = [];
  let sourceStanzas = 0;
  let skippedSources = 0;
  if (input.sources !== undefined) {
    sources.push(...input.sources.sources);
    sourceStanzas = input.sources.stanzas;
    skippedSources = input.sources.skipped;
  }
  const pk = input.packages;
  const binaries: BinaryRecord[] = [...pk.binaries];
  let controlName: string | undefined;
  if (input.control !== undefined) {
    const control = input.control;
    controlName = control.source.name;
    sources.push(control.source); // replaces a Sources stanza of the same name
    const known = new Set(binaries.map((b) => b.name));
    for (const b of control.binaries) if (!known.has(b.name)) binaries.push(b);
  }

  const res = resolveArchive(sources, binaries, { arch, profiles, prebuilt: input.prebuilt, core: input.core });
  const unresolved = [...res.unresolved].sort(
    (a, b) =>
      cmp(a.source, b.source) || cmp(a.binary ?? '', b.binary ?? '') || cmp(a.field, b.field) || cmp(a.relation, b.relation),
  );

  const bootstrapSets: Record<string, number> = {};
  let packagesWithBootstrap = 0;
  let buildEdges = 0;
  let runtimeEdges = 0;
  let selfLoops = 0;
  let prebuilt = 0;
  let external = 0;
  let binaryCount = 0;
  let prebuiltBinaries = 0;
  for (const p of res.packages) {
    buildEdges += p.buildDepends.length;
    runtimeEdges += p.depends.length;
    for (const b of p.binaries) {
      binaryCount++;
      if (b.prebuilt) prebuiltBinaries++;
      runtimeEdges += b.depends.length;
    }
    if (p.selfLoop) selfLoops++;
    if (p.prebuilt) prebuilt++;
    if (p.external) external++;
    if (p.bootstrap.size > 0) packagesWithBootstrap++;
    for (const n of p.bootstrap.keys()) bootstrapSets[String(n)] = (bootstrapSets[String(n)] ?? 0) + 1;
  }
  const stats: DebianImportStats = {
    arch,
    profiles,
    sourceStanzas,
    binaryStanzas: pk.stanzas,
    sources: res.packages.length - external,
    skippedSources: skippedSources + res.skippedArch.length,
    packages: res.packages.length,
    externalSources: external,
    prebuilt,
    binaries: binaryCount,
    prebuiltBinaries,
    bootstrapSets,
    packagesWithBootstrap,
    buildEdges,
    runtimeEdges,
    selfLoops,
    unresolved: unresolved.length,
    unknownPrebuilt: res.unknownPrebuilt,
  };

  const labels = input.labels ?? {};
  const inputs: string[] = [];
  if (input.sources !== undefined) inputs.push(`${labels.sources ?? 'Sources'} (${sourceStanzas} source stanzas)`);
  if (controlName !== undefined) inputs.push(`${labels.control ?? 'debian/control'} (source ${controlName})`);
  inputs.push(`${labels.packages ?? 'Packages'} (${pk.stanzas} binary stanzas)`);
  const stageSummary = Object.keys(bootstrapSets)
    .sort((a, b) => Number(a) - Number(b))
    .map((n) => `build-depends-bootstrap${n} in ${bootstrapSets[n]}`)
    .join(', ');
  const lines = [
    'Bootstrap file generated by `strap import debian` from Debian archive indexes.',
    `Input: ${inputs.join(', ')}`,
    `Architecture: ${arch}; profiles active in every build: ${profiles.length > 0 ? profiles.join(' ') : 'none'}` +
      '; stage N builds also activate stageN',
    `Packages: ${stats.packages} (${stats.sources} sources` +
      (external > 0 ? `, ${external} known only from the binary index` : '') +
      `); skipped sources: ${stats.skippedSources} (not built on ${arch}, extra-source-only or older duplicates)`,
    `Binaries: ${binaryCount} (${prebuiltBinaries} Architecture: all, prebuilt: available before their source is built)`,
    'Dependencies name binaries: build dependencies and Depends/Pre-Depends keep the first alternative that exists (a virtual name: its provider with the lowest source name); installing a binary installs its own runtime closure',
    `Edges: ${buildEdges} build-depends (${selfLoops} self-loops), ${runtimeEdges} depends`,
    `Bootstrap sets: ${stageSummary === '' ? 'none' : stageSummary} (${packagesWithBootstrap} packages)`,
    input.prebuilt !== undefined
      ? `Prebuilt: ${prebuilt} (given explicitly)` +
        (res.unknownPrebuilt.length > 0 ? `; not packages here: ${res.unknownPrebuilt.join(', ')}` : '')
      : `Prebuilt: ${prebuilt} (${coreDescription(input.core ?? 'minimal')}: ${res.prebuiltReasons.essential};` +
        ` sources building only Architecture: all binaries: ${res.prebuiltReasons.archAll}` +
        (res.prebuiltReasons.external > 0 ? `; known only from the binary index: ${res.prebuiltReasons.external}` : '') +
        ')',
  ];
  const text = emitBootstrapYaml(res.packages, { lines, unresolved });
  return { text, stats, unresolved };
}

/** The header's words for the core the prebuilt set starts from (see CoreRule). */
function coreDescription(core: CoreRule): string {
  return core === 'minimal'
    ? `the core, as botch-native's minimal set: the sources of the binaries that are not Architecture: all among Essential, ${MINIMAL_CORE_BINARIES.join(', ')} and their runtime closure`
    : 'Essential, build-essential and their runtime closure';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Read a file as text, gunzipping it when it starts with the gzip magic bytes. */
export async function readIndexFile(file: string): Promise<string> {
  const buf = await fs.readFile(file);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return gunzipSync(buf).toString('utf8');
  return buf.toString('utf8');
}

/**
 * `strap import debian`: read the indexes (plain or gzip) and build the
 * bootstrap file. The files are read and parsed one after the other so that
 * each index text can be freed once parsed.
 */
export async function importDebian(options: DebianImportOptions): Promise<DebianImportResult> {
  const arch = options.arch ?? 'amd64';
  if (options.sources === undefined && options.control === undefined) {
    throw new Error('import debian: give a Sources index (--sources) or a debian/control file (--control)');
  }
  const sources = options.sources !== undefined ? parseSources(await readIndexFile(options.sources)) : undefined;
  const control = options.control !== undefined ? parseControl(await readIndexFile(options.control), arch) : undefined;
  const packages = parsePackages(await readIndexFile(options.packages));
  return importParsed({
    sources,
    control,
    packages,
    arch,
    profiles: options.profiles,
    prebuilt: options.prebuilt,
    core: options.core,
    labels: {
      sources: options.sources !== undefined ? path.basename(options.sources) : undefined,
      control: options.control !== undefined ? labelForControl(options.control) : undefined,
      packages: path.basename(options.packages),
    },
  });
}

function labelForControl(file: string): string {
  const base = path.basename(file);
  const parent = path.basename(path.dirname(file));
  return parent === 'debian' ? `debian/${base}` : base;
}
