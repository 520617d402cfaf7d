// Writing the imported packages as a strap bootstrap file (YAML), by hand:
// fast for tens of thousands of packages and byte-for-byte reproducible.

import { ImportedPackage, UnresolvedDependency } from './resolve';

/** Plain scalars YAML (1.2 core or 1.1) would read as something else than a string. */
const NON_STRING =
  /^(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;

/** A package name as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
export function yamlName(name: string): string {
  if (PLAIN_SAFE.test(name) && !NON_STRING.test(name) && !/^[0-9][0-9_:.]*$/.test(name)) return name;
  return JSON.stringify(name);
}

function flowList(values: string[]): string {
  return '[' + values.map(yamlName).join(', ') + ']';
}

/** One-line comment text (no line breaks). */
function commentText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

export interface EmitHeader {
  /** Lines of description, written as `# ` comments before the counts. */
  lines: string[];
  unresolved: UnresolvedDependency[];
  /** How many unresolved dependencies to list (default 50). */
  listLimit?: number;
}

export function formatUnresolved(u: UnresolvedDependency): string {
  const where = u.binary !== undefined ? `${u.field} of ${u.binary}` : u.field;
  return `${u.source}: ${where}: ${u.relation}`;
}

/** The bootstrap file text: header comment, `version: 1`, `packages:` sorted by name. */
export function emitBootstrapYaml(packages: ImportedPackage[], header: EmitHeader): string {
  const out: string[] = [];
  for (const l of header.lines) out.push(l === '' ? '#' : '# ' + commentText(l));
  const limit = header.listLimit ?? 50;
  const un = header.unresolved;
  if (un.length > 0) {
    out.push(
      `# Unresolved dependencies: ${un.length} (no binary or provider exists for any alternative;` +
        ` left out of the lists below)${un.length > limit ? `; the first ${limit}:` : ':'}`,
    );
    for (const u of un.slice(0, limit)) out.push('#   ' + commentText(formatUnresolved(u)));
  } else {
    out.push('# Unresolved dependencies: none');
  }
  out.push('');
  out.push('version: 1');
  if (packages.length === 0) {
    out.push('packages: {}');
    return out.join('\n') + '\n';
  }
  out.push('packages:');
  for (const p of packages) {
    const lines: string[] = [];
    if (p.buildDepends.length > 0) lines.push(`    build-depends: ${flowList(p.buildDepends)}`);
    for (const n of [...p.bootstrap.keys()].sort((a, b) => a - b)) {
      lines.push(`    build-depends-bootstrap${n}: ${flowList(p.bootstrap.get(n)!)}`);
    }
    if (p.depends.length > 0) lines.push(`    depends: ${flowList(p.depends)}`);
    if (p.prebuilt) lines.push('    prebuilt: true');
    if (p.external) lines.push('    description: not among the imported sources; known from the binary index only');
    if (p.maintainer) lines.push(`    maintainer: ${JSON.stringify(p.maintainer)}`);
    if (p.uploaders?.length) lines.push(`    uploaders: [${p.uploaders.map((u) => JSON.stringify(u)).join(', ')}]`);
    if (p.binaries && p.binaries.length > 0) {
      lines.push('    binaries:');
      for (const b of p.binaries) {
        const fields: string[] = [];
        if (b.depends.length > 0) fields.push(`depends: ${flowList(b.depends)}`);
        if (b.provides.length > 0) fields.push(`provides: ${flowList(b.provides)}`);
        if (b.prebuilt) fields.push('prebuilt: true');
        lines.push(`      ${yamlName(b.name)}: {${fields.join(', ')}}`);
      }
    }
    if (lines.length === 0) out.push(`  ${yamlName(p.name)}: {}`);
    else {
      out.push(`  ${yamlName(p.name)}:`);
      for (const l of lines) out.push(l);
    }
  }
  return out.join('\n') + '\n';
}
