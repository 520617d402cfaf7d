'use strict';
// Random workspaces of several bootstrap files for the live-server workspace
// soak: include groups (a root including parts that include others, a
// second root sharing a part, an unrelated file, a JSONC part, a root of 24
// small files whose packages form a ring through all of them), in a folder
// whose name file URIs escape, packages
// whose build dependencies cross files and tangle into overlapping cycles,
// and a model of each file that edits are made on and rendered back, in the
// file's own style (block or flow packages, CRLF, non-ASCII comments).
const fc = require('fast-check');
const path = require('node:path');
const YAML = require('yaml');
const jsonc = require('jsonc-parser');
const { edit } = require('./documents');

/** The folder of the parts: non-ASCII, a space and a '#', which file URIs escape (and editors escape their own ways). */
const PARTS = 'pärts #2';
/** A group of many small files: many.bootstrap.yaml includes the first half, each of which includes one of the second. */
const MANY = Array.from({ length: 24 }, (_, i) => `${PARTS}/many/m${i}.bootstrap.yaml`);
/** Every file a workspace may hold; `new.bootstrap.yaml` starts absent. */
const FILES = [
  'bootstrap.yaml', 'a.bootstrap.yaml', `${PARTS}/b.bootstrap.yaml`, `${PARTS}/c.bootstrap.yaml`,
  `${PARTS}/d.bootstrap.jsonc`, 'tools.bootstrap.yaml', 'other.bootstrap.yaml', 'new.bootstrap.yaml', `${PARTS}/big.bootstrap.yaml`,
  'many.bootstrap.yaml', ...MANY,
];
const INITIAL_INCLUDES = {
  'many.bootstrap.yaml': MANY.slice(0, MANY.length / 2),
  ...Object.fromEntries(MANY.slice(0, MANY.length / 2).map((rel, i) => [rel, [MANY[i + MANY.length / 2]]])),
  'bootstrap.yaml': ['a.bootstrap.yaml', `${PARTS}/b.bootstrap.yaml`],
  'a.bootstrap.yaml': [`${PARTS}/c.bootstrap.yaml`],
  [`${PARTS}/b.bootstrap.yaml`]: [`${PARTS}/c.bootstrap.yaml`, `${PARTS}/d.bootstrap.jsonc`],
  'tools.bootstrap.yaml': [`@/${PARTS}/c.bootstrap.yaml`, `${PARTS}/big.bootstrap.yaml`],
};
const NAMES = ['gcc', 'glibc', 'binutils', 'zlib', 'perl', 'm4', 'make', 'bash', 'python3', 'sed', 'ncurses', 'g++', 'libé', 'x😀'];
/** Names nobody declares: unknown-package errors with did-you-mean fixes. */
const TYPOS = ['gcd', 'glibcc', 'mak', 'perl5'];
const LIST_KEYS = ['build-depends', 'build-depends', 'build-depends', 'build-depends-bootstrap1', 'depends'];
const NOTES = ['généré à la main', 'x😀 y', 'plain', '日本語のコメント'];

const isJson = (rel) => /\.jsonc?$/.test(rel);

/** A package: its name and fields in order; lists are arrays of names. */
function pkg(name, fields = []) {
  return { name, fields };
}

/** A file's content: include paths as written, packages in order, other top-level keys. */
function emptyModel() {
  return { include: [], packages: [], other: [] };
}

function yamlScalar(s) {
  if (typeof s !== 'string') return JSON.stringify(s);
  return /^[A-Za-z0-9][A-Za-z0-9+._-]*$/.test(s) && !/^(true|false|null|~|\d+(\.\d*)?|y|n|yes|no|on|off)$/i.test(s) ? s : JSON.stringify(s);
}

function yamlValue(v) {
  if (Array.isArray(v)) return `[${v.map(yamlScalar).join(', ')}]`;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return yamlScalar(v);
}

/** Style of a package's rendering, stable per name (so a re-render changes only what changed). */
function packageStyle(style, name) {
  let h = 0;
  for (const c of `${style.salt}:${name}`) h = (h * 31 + c.codePointAt(0)) >>> 0;
  return { flow: h % 3 === 0, blockLists: h % 5 === 1, comment: h % 7 === 2 ? NOTES[h % NOTES.length] : undefined };
}

function renderYaml(model, style) {
  const out = [];
  if (style.note) out.push(`# ${style.note}`);
  out.push('version: 1');
  if (model.include.length) {
    out.push('include:');
    for (const i of model.include) out.push(`  - ${yamlScalar(i)}`);
  }
  for (const [k, v] of model.other) out.push(`${yamlScalar(k)}: ${yamlValue(v)}`);
  if (!model.packages.length) out.push('packages: {}');
  else out.push('packages:');
  for (const p of model.packages) {
    const s = packageStyle(style, p.name);
    const comment = s.comment ? ` # ${s.comment}` : '';
    if (!p.fields.length) out.push(`  ${yamlScalar(p.name)}: {}${comment}`);
    else if (s.flow) out.push(`  ${yamlScalar(p.name)}: { ${p.fields.map(([k, v]) => `${yamlScalar(k)}: ${yamlValue(v)}`).join(', ')} }${comment}`);
    else {
      out.push(`  ${yamlScalar(p.name)}:${comment}`);
      for (const [k, v] of p.fields) {
        if (s.blockLists && Array.isArray(v) && v.length) {
          out.push(`    ${yamlScalar(k)}:`);
          for (const x of v) out.push(`      - ${yamlScalar(x)}`);
        } else out.push(`    ${yamlScalar(k)}: ${yamlValue(v)}`);
      }
    }
  }
  return out.join(style.crlf ? '\r\n' : '\n') + (style.crlf ? '\r\n' : '\n');
}

function renderJsonc(model, style) {
  const nl = style.crlf ? '\r\n' : '\n';
  const top = [['"version"', '1']];
  if (model.include.length) top.push(['"include"', JSON.stringify(model.include)]);
  for (const [k, v] of model.other) top.push([JSON.stringify(k), JSON.stringify(v)]);
  const packages = model.packages.map((p) => {
    const s = packageStyle(style, p.name);
    const fields = p.fields.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ');
    return `    ${JSON.stringify(p.name)}: {${fields ? ` ${fields} ` : ''}}${s.comment ? ` // ${s.comment}` : ''}`;
  });
  const lines = [];
  if (style.note) lines.push(`// ${style.note}`);
  lines.push('{');
  for (const [k, v] of top) lines.push(`  ${k}: ${v},`);
  // Trailing commas are allowed in .jsonc (style.salt decides, so a file keeps its habit).
  const trailing = style.salt % 2 === 0 ? ',' : '';
  lines.push(`  "packages": {${packages.length ? '' : `}${trailing}`}`);
  if (packages.length) {
    lines.push(packages.map((p, i) => (i < packages.length - 1 ? p.replace(/( \/\/ .*)?$/, ',$1') : p.replace(/( \/\/ .*)?$/, `${trailing}$1`))).join(nl));
    lines.push(`  }${trailing}`);
  }
  lines.push('}');
  return lines.join(nl) + nl;
}

function render(rel, model, style) {
  return isJson(rel) ? renderJsonc(model, style) : renderYaml(model, style);
}

/** The model of a text, or undefined when it does not parse into the shape the soak edits. */
function parseModel(rel, text) {
  let value;
  try {
    if (isJson(rel)) {
      const errors = [];
      value = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false });
      if (errors.length) return undefined;
    } else {
      value = YAML.parse(text.replace(/^\ufeff/, ''));
    }
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const model = emptyModel();
  for (const [k, v] of Object.entries(value)) {
    if (k === 'version') continue;
    if (k === 'include') {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
      model.include = [...v];
    } else if (k === 'packages') {
      if (v === null) continue;
      if (typeof v !== 'object' || Array.isArray(v)) return undefined;
      for (const [name, body] of Object.entries(v)) {
        if (body !== null && (typeof body !== 'object' || Array.isArray(body))) return undefined;
        model.packages.push(pkg(name, Object.entries(body ?? {})));
      }
    } else model.other.push([k, v]);
  }
  return model;
}

const clone = (model) => ({ include: [...model.include], other: model.other.map(([k, v]) => [k, v]), packages: model.packages.map((p) => pkg(p.name, p.fields.map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]))) });

/** The path `from` writes in an include to name `to`: relative, or `@/` from the project root. */
function includePath(from, to, rootStyle) {
  if (rootStyle) return `@/${to}`;
  return path.posix.relative(path.posix.dirname(from), to);
}

// ---- random workspaces ----

/** A number in [0, 1) that picks among what the state offers when the step runs. */
const fraction = fc.integer({ min: 0, max: 9999 }).map((n) => n / 10_000);
const name = fc.constantFrom(...NAMES);
/** The names of the big file's cluster. */
const BIG_NAMES = Array.from({ length: 120 }, (_, i) => `k${i}`);
/** The names of the many files: two packages each. */
const MANY_NAMES = MANY.flatMap((_, i) => [`m${i}a`, `m${i}b`]);
/** A package's lists: 1-3 build dependencies (dense: cycles tangle), now and then a stage-1 set (mostly a subset) and runtime depends. */
const packageBody = fc.record({
  bd: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
  bd1: fc.option(fc.tuple(fc.boolean(), fc.uniqueArray(name, { maxLength: 2 })), { nil: undefined, freq: 4 }),
  depends: fc.option(fc.uniqueArray(name, { maxLength: 2 }), { nil: undefined, freq: 2 }),
});
const fields = (body) => [
  ['build-depends', body.bd],
  ...(body.bd1 ? [['build-depends-bootstrap1', body.bd1[0] ? body.bd.slice(1) : body.bd1[1]]] : []),
  ...(body.depends ? [['depends', body.depends]] : []),
];
/** The main include group's files (bootstrap, a, b, c, d) share the names out: mostly one file declares each. */
const MAIN = FILES.slice(0, 5);

/**
 * An initial workspace: every file but `new.bootstrap.yaml`, with its model
 * and style. The main group (bootstrap.yaml and its parts) declares the
 * shared names once each, spread over its files; tools.bootstrap.yaml (which
 * includes parts/c) and other.bootstrap.yaml declare a few of the same names
 * in their own groups; parts/big.bootstrap.yaml, included by tools, holds a
 * cluster of 120 packages (bigger than the server's cap of 100 errors).
 */
const workspace = fc.record({
  owner: fc.tuple(...NAMES.map(() => fc.integer({ min: 0, max: MAIN.length }))),
  bodies: fc.tuple(...NAMES.map(() => packageBody)),
  tools: fc.uniqueArray(fc.tuple(name, packageBody), { minLength: 1, maxLength: 3, selector: ([n]) => n }),
  other: fc.uniqueArray(fc.tuple(name, packageBody), { minLength: 2, maxLength: 4, selector: ([n]) => n }),
  big: fc.tuple(...BIG_NAMES.map(() => fc.uniqueArray(fc.nat(BIG_NAMES.length - 1), { minLength: 1, maxLength: 3 }))),
  many: fc.tuple(...MANY_NAMES.map(() => fc.uniqueArray(fc.nat(MANY_NAMES.length - 1), { maxLength: 2 }))),
  salts: fc.tuple(...FILES.map(() => fc.nat(1000))),
  crlf: fc.tuple(...FILES.map(() => fc.boolean())),
}).map(({ owner, bodies, tools, other, big, many, salts, crlf }) => {
  const lists = Object.fromEntries(FILES.map((rel) => [rel, []]));
  NAMES.forEach((n, i) => { if (owner[i] < MAIN.length) lists[MAIN[owner[i]]].push(pkg(n, fields(bodies[i]))); });
  lists['tools.bootstrap.yaml'] = tools.map(([n, body]) => pkg(n, fields(body)));
  lists['other.bootstrap.yaml'] = other.map(([n, body]) => pkg(n, fields(body)));
  // A ring through every name, tangled by the random chords, and a way out to the main names.
  lists[`${PARTS}/big.bootstrap.yaml`] = BIG_NAMES.map((n, i) => pkg(n, [['build-depends', [...new Set([BIG_NAMES[(i + 1) % BIG_NAMES.length], ...big[i].map((j) => BIG_NAMES[j])])].filter((d) => d !== n).concat(i % 40 === 0 ? ['gcc'] : [])]]));
  // A ring through the many files' `a` packages, chords between any two of their packages.
  MANY.forEach((rel, i) => {
    lists[rel] = [`m${i}a`, `m${i}b`].map((n, k) => pkg(n, [['build-depends', [...new Set([k === 0 ? `m${(i + 1) % MANY.length}a` : `m${i}a`, ...many[2 * i + k].map((j) => MANY_NAMES[j])])].filter((d) => d !== n)]]));
  });
  lists['many.bootstrap.yaml'] = [pkg('m-root', [['build-depends', ['m0a', 'gcc']]])];
  return FILES.map((rel, i) => {
    const model = emptyModel();
    model.include = (INITIAL_INCLUDES[rel] ?? []).map((to) => (to.startsWith('@/') ? to : includePath(rel, to, false)));
    model.packages = lists[rel];
    const style = { salt: salts[i], crlf: crlf[i] && i % 3 === 0, note: i % 2 ? NOTES[salts[i] % NOTES.length] : undefined };
    return { rel, model, style, exists: rel !== 'new.bootstrap.yaml' };
  });
});

const KINDS = [
  ['addDep', 6], ['removeDep', 4], ['renameDep', 3], ['renamePkg', 1], ['addPkg', 2], ['removePkg', 1], ['movePkg', 3],
  ['includeAdd', 2], ['includeRemove', 2], ['noise', 3], ['heal', 2], ['style', 1],
  ['save', 3], ['external', 2], ['create', 2], ['rename', 1], ['delete', 1], ['deleteFolder', 1], ['open', 3], ['close', 2], ['settings', 1],
  ['quickfix', 4], ['fixAll', 1], ['request', 5], ['sync', 1],
];
/** A step: what to do, and the random numbers that pick what it is done to. */
const step = fc.record({
  kind: fc.oneof(...KINDS.map(([k, weight]) => ({ weight, arbitrary: fc.constant(k) }))),
  f: fc.tuple(fraction, fraction, fraction, fraction, fraction),
  edit,
});

module.exports = {
  PARTS, FILES, MANY, NAMES, BIG_NAMES, MANY_NAMES, TYPOS, LIST_KEYS, NOTES, isJson, pkg, render, parseModel, clone, includePath, workspace, step,
};
