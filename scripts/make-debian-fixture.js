#!/usr/bin/env node
'use strict';
// Build the Debian test fixture (test/fixtures/debian/{Sources,Packages}) from
// the full indexes fetched by scripts/fetch-debian.sh:
//
//   scripts/fetch-debian.sh && npx tsc -p tsconfig.json && node scripts/make-debian-fixture.js
//
// The excerpt is the neighbourhood of the toolchain: seed sources (gcc-12,
// glibc, binutils, perl, python3.11, systemd, and the sources whose
// Build-Depends use stageN profiles), then breadth-first over their build
// dependencies (full and stage-N) and runtime dependencies until the limit.
// The real stanzas are kept with a reduced set of fields (no Description,
// Homepage, Vcs-*, Files...) so the excerpt stays small.
// Binaries of sources outside the excerpt that the excerpt's dependencies
// resolve to are included too, without their Depends/Pre-Depends (so that
// they do not pull in the rest of the archive): they import as packages known
// only from the binary index.
//
// Usage: node scripts/make-debian-fixture.js [--in DIR] [--out DIR] [--limit N]

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const deb = require(path.join(root, 'server/out/import/debian/index.js'));

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const inDir = path.resolve(arg('--in', path.join(root, '.cache/debian')));
const outDir = path.resolve(arg('--out', path.join(root, 'test/fixtures/debian')));
const limit = Number(arg('--limit', '250'));
const arch = 'amd64';

const SEEDS = [
  'gcc-12',
  'glibc',
  'binutils',
  'perl',
  'python3.11',
  'systemd',
  'util-linux',
  'libselinux',
  'gettext',
  'build-essential',
  'gcc-defaults',
  // Real unresolvable dependencies of bookworm (Build-Depends-Arch: cmucl (>= 21c);
  // console-setup-freebsd: Depends: kbdcontrol, vidcontrol).
  'cmucl',
  'console-setup',
];
// Stage-profile users that are kept even when the limit is reached first.
const MAX_EXTRA_STAGE_USERS = 20;

const SOURCE_FIELDS = new Set([
  'package',
  'binary',
  'version',
  'architecture',
  'build-depends',
  'build-depends-arch',
  'build-depends-indep',
  'build-conflicts',
  'build-conflicts-indep',
  'extra-source-only',
  'checksums-sha256',
  'maintainer',
  'uploaders',
]);
const BINARY_FIELDS = new Set([
  'package',
  'source',
  'version',
  'architecture',
  'essential',
  'multi-arch',
  'provides',
  'pre-depends',
  'depends',
]);
/** Binaries of sources outside the excerpt: no runtime dependencies. */
const OUTSIDE_BINARY_FIELDS = new Set([...BINARY_FIELDS].filter((f) => f !== 'depends' && f !== 'pre-depends'));
/** Fields cut to their first line (none at present: Description is dropped altogether). */
const FIRST_LINE_ONLY = new Set([]);

/** Split a deb822 text into raw paragraph blocks (arrays of lines). */
function rawParagraphs(text) {
  const out = [];
  let cur = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(line);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Keep the wanted fields of a raw paragraph, with their original continuation lines. */
function trimParagraph(lines, wanted) {
  const out = [];
  let keep = false;
  let firstOnly = false;
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (keep && !firstOnly) out.push(line);
      continue;
    }
    const name = line.slice(0, line.indexOf(':')).toLowerCase();
    keep = wanted.has(name);
    firstOnly = FIRST_LINE_ONLY.has(name);
    if (keep) out.push(line);
  }
  return out.join('\n');
}

function fieldOf(lines, name) {
  const prefix = name.toLowerCase() + ':';
  for (const l of lines) if (l.toLowerCase().startsWith(prefix)) return l.slice(prefix.length).trim();
  return undefined;
}

function main() {
  const sourcesText = fs.readFileSync(path.join(inDir, 'Sources'), 'utf8');
  const packagesText = fs.readFileSync(path.join(inDir, 'Packages'), 'utf8');
  const sources = deb.parseSources(sourcesText).sources;
  const binaries = deb.parsePackages(packagesText).binaries;
  const index = new deb.BinaryIndex(binaries);
  const byName = new Map(sources.map((s) => [s.name, s]));
  const full = { arch, profiles: new Set() };

  /** Binaries chosen by the resolution of the excerpt's dependencies. */
  const usedBinaries = new Set();
  const use = (r) => {
    const b = index.binaryOf(r.relation.name);
    if (b !== undefined) usedBinaries.add(b.name);
  };

  /** Sources this source needs: build dependencies (full and each stage), runtime dependencies. */
  function neighbours(name) {
    const out = new Set();
    const s = byName.get(name);
    if (s !== undefined) {
      const deps = deb.sourceBuildDepends(s);
      const stages = deb.stageNumbers(deps.flatMap((d) => d.groups));
      const ctxs = [full, ...stages.map((n) => ({ arch, profiles: new Set([`stage${n}`]) }))];
      for (const ctx of ctxs) {
        for (const { groups } of deps) {
          for (const g of groups) {
            const r = deb.resolveGroup(g, ctx, index);
            if (r.kind === 'resolved') {
              out.add(r.source);
              use(r);
            }
          }
        }
      }
    }
    for (const b of index.bySource.get(name) ?? []) {
      for (const { groups } of deb.binaryDepends(b)) {
        for (const g of groups) {
          const r = deb.resolveGroup(g, full, index);
          if (r.kind === 'resolved') {
            out.add(r.source);
            use(r);
          }
        }
      }
    }
    out.delete(name);
    return [...out].sort();
  }

  const chosen = new Set();
  const queue = [];
  const add = (n) => {
    if (!chosen.has(n) && byName.has(n)) {
      chosen.add(n);
      queue.push(n);
    }
  };
  for (const s of SEEDS) add(index.sourceOf(s) ?? s);
  // Sources using stageN profiles in their build dependencies (the smaller ones
  // first, so that the kernel and the LLVM toolchains do not crowd the excerpt).
  const stageUsers = sources
    .filter((s) => deb.stageNumbers(deb.sourceBuildDepends(s).flatMap((d) => d.groups)).length > 0)
    .filter((s) => deb.archFieldMatches(s.architecture, arch))
    .sort((a, b) => a.buildDepends.reduce((n, d) => n + d.value.length, 0) - b.buildDepends.reduce((n, d) => n + d.value.length, 0))
    .slice(0, MAX_EXTRA_STAGE_USERS)
    .map((s) => s.name);
  for (const n of stageUsers) add(n);
  while (queue.length > 0 && chosen.size < limit) {
    const n = queue.shift();
    for (const d of neighbours(n)) {
      if (chosen.size >= limit) break;
      add(d);
    }
  }
  // Every chosen source's dependencies, for the outside binaries they use.
  for (const n of [...chosen].sort()) neighbours(n);
  // The importer's default core — the Essential binaries, build-essential,
  // apt, sysvinit-core and debhelper (botch-native's minimal set) — and their
  // runtime closure (the prebuilt seeds) are kept whole, so the excerpt
  // computes the same core as the full archive.
  const essentialClosure = new Set();
  const stack = binaries.filter((b) => b.essential);
  for (const name of deb.MINIMAL_CORE_BINARIES) if (index.binaryOf(name)) stack.push(index.binaryOf(name));
  while (stack.length > 0) {
    const b = stack.pop();
    if (essentialClosure.has(b.name)) continue;
    essentialClosure.add(b.name);
    for (const { groups } of deb.binaryDepends(b)) {
      for (const g of groups) {
        const r = deb.resolveGroup(g, full, index);
        if (r.kind === 'resolved') stack.push(index.binaryOf(r.relation.name));
      }
    }
  }

  const header = (what) =>
    `# Excerpt of Debian bookworm main ${what} (${arch}) around the toolchain, for strap's tests.\n` +
    '# Generated by scripts/make-debian-fixture.js; fields trimmed. Do not edit by hand.\n' +
    (what === 'Packages'
      ? '# Binaries of sources outside the excerpt come without their Depends and Pre-Depends.\n'
      : '');

  const srcOut = [];
  for (const p of rawParagraphs(sourcesText)) {
    const name = fieldOf(p, 'Package');
    if (name !== undefined && chosen.has(name)) srcOut.push(trimParagraph(p, SOURCE_FIELDS));
  }
  const binOut = [];
  let outside = 0;
  for (const p of rawParagraphs(packagesText)) {
    const name = fieldOf(p, 'Package');
    if (name === undefined) continue;
    const src = deb.sourceNameOf(fieldOf(p, 'Source'), name);
    if (chosen.has(src) || essentialClosure.has(name)) binOut.push(trimParagraph(p, BINARY_FIELDS));
    else if (usedBinaries.has(name)) {
      binOut.push(trimParagraph(p, OUTSIDE_BINARY_FIELDS));
      outside++;
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  const sOut = header('Sources') + srcOut.join('\n\n') + '\n';
  const pOut = header('Packages') + binOut.join('\n\n') + '\n';
  fs.writeFileSync(path.join(outDir, 'Sources'), sOut);
  fs.writeFileSync(path.join(outDir, 'Packages'), pOut);
  process.stderr.write(
    `make-debian-fixture: ${chosen.size} sources (${srcOut.length} stanzas, ${sOut.length} bytes), ` +
      `${binOut.length} binaries, ${outside} of them from outside sources (${pOut.length} bytes) -> ` +
      `${path.relative(root, outDir) || outDir}\n` +
      `stage-profile users: ${stageUsers.join(' ')}\n`,
  );
}

main();
