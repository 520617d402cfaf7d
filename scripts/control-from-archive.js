#!/usr/bin/env node
'use strict';
// Rebuilds a source package's debian/control from the archive indexes, for
// test fixtures: the source stanza from Sources (Source, Section, Priority,
// Maintainer, Uploaders, Build-Depends*, Build-Conflicts*, Standards-Version,
// Testsuite, Rules-Requires-Root; no Homepage or Vcs-* addresses) and one stanza per binary
// of its Package-List (Package, Architecture, Section, Priority, and
// Build-Profiles from its `profile=` entry), with Multi-Arch, Depends,
// Pre-Depends, Recommends, Suggests, Provides, Breaks, Conflicts, Replaces and
// Description from Packages where the binary is there (those values are the
// built ones: substitution variables already expanded). Field values are
// copied as the indexes hold them, continuation lines included.
//
//   node scripts/control-from-archive.js SOURCE [--sources FILE] [--packages FILE]
//   (default: test/fixtures/debian/Sources and Packages)

const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const source = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
if (!source) {
  process.stderr.write('usage: control-from-archive.js SOURCE [--sources FILE] [--packages FILE]\n');
  process.exit(2);
}
const fixtures = path.join(__dirname, '..', 'test', 'fixtures', 'debian');
const sourcesFile = opt('--sources', path.join(fixtures, 'Sources'));
const packagesFile = opt('--packages', path.join(fixtures, 'Packages'));

/** Stanzas as ordered [name, raw value with continuation lines] lists. */
function stanzas(text) {
  const out = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = [];
    for (const line of block.split('\n')) {
      if (line === '') continue;
      if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1][1] += '\n' + line;
      else {
        const colon = line.indexOf(':');
        if (colon > 0) fields.push([line.slice(0, colon), line.slice(colon + 1)]);
      }
    }
    if (fields.length) out.push(fields);
  }
  return out;
}
const get = (fields, name) => fields.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

const version = (v) => v.trim();
const candidates = stanzas(fs.readFileSync(sourcesFile, 'utf8')).filter((f) => get(f, 'Package')?.trim() === source);
if (!candidates.length) {
  process.stderr.write(`no source ${source} in ${sourcesFile}\n`);
  process.exit(1);
}
const src = candidates[candidates.length - 1];
const binaries = new Map();
for (const f of stanzas(fs.readFileSync(packagesFile, 'utf8'))) {
  const s = (get(f, 'Source') ?? get(f, 'Package')).trim().split(/\s/)[0];
  if (s === source) binaries.set(get(f, 'Package').trim(), f);
}

const lines = [];
const SOURCE_FIELDS = ['Section', 'Priority', 'Maintainer', 'Uploaders', 'Build-Depends', 'Build-Depends-Arch', 'Build-Depends-Indep',
  'Build-Conflicts', 'Build-Conflicts-Arch', 'Build-Conflicts-Indep', 'Standards-Version',
  'Testsuite', 'Testsuite-Triggers', 'Rules-Requires-Root'];
lines.push(`Source: ${source}`);
for (const name of SOURCE_FIELDS) {
  const v = get(src, name);
  if (name === 'Priority' && v?.trim() === 'source') continue; // what Sources writes, not debian/control
  if (v !== undefined) lines.push(`${name}:${v}`);
}
const BINARY_FIELDS = ['Multi-Arch', 'Pre-Depends', 'Depends', 'Recommends', 'Suggests', 'Provides', 'Breaks', 'Conflicts', 'Replaces', 'Description'];
for (const entry of (get(src, 'Package-List') ?? '').split('\n').map((l) => l.trim()).filter(Boolean)) {
  const [name, type, section, priority, ...rest] = entry.split(/\s+/);
  const kv = Object.fromEntries(rest.map((x) => x.split('=')));
  lines.push('', `Package: ${name}`);
  if (type === 'udeb') lines.push('Package-Type: udeb');
  lines.push(`Architecture: ${(kv.arch ?? 'any').replace(/,/g, ' ')}`, `Section: ${section}`, `Priority: ${priority}`);
  // Package-List writes a formula as lists joined by '+', terms by ','.
  if (kv.profile) lines.push(`Build-Profiles: ${kv.profile.split('+').map((l) => `<${l.split(',').join(' ')}>`).join(' ')}`);
  const b = binaries.get(name);
  for (const f of BINARY_FIELDS) {
    const v = b && get(b, f);
    if (v !== undefined) lines.push(`${f}:${v}`);
  }
  if (!b) lines.push(`Description: ${name} (not in the Packages index)`);
}
process.stdout.write(`${lines.join('\n')}\n`);
