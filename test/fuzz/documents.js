'use strict';
// Random bootstrap documents and the mutations the differential fuzz test
// applies to them: realistic files (YAML in block and flow style, JSONC with
// comments and trailing commas, the examples) broken in the ways editing and
// careless tools break files.
const fc = require('fast-check');
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES = ['distro.bootstrap.yaml', 'broken.bootstrap.yaml', 'distro.bootstrap.jsonc', 'env/bootstrap.yaml']
  .map((name) => fs.readFileSync(path.join(__dirname, '../../examples', name), 'utf8'));

const NAMES = ['gcc', 'glibc', 'binutils', 'perl', 'python3', 'm4', 'zlib', 'libc6-dev', 'a', 'b', 'c', '__proto__', 'constructor', 'x😀', 'é', 'g++'];
const LIST_KEYS = ['build-depends', 'build-depends-bootstrap1', 'build-depends-bootstrap2', 'depends'];

const names = fc.constantFrom(...NAMES);
const pkg = fc.record({
  description: fc.option(fc.constantFrom('A compiler', 'text: with colon', '😀 é', '', '# not a comment', 'a\nb'), { nil: undefined }),
  lists: fc.dictionary(fc.constantFrom(...LIST_KEYS), fc.uniqueArray(names, { maxLength: 4 }), { maxKeys: 3 }),
  prebuilt: fc.option(fc.boolean(), { nil: undefined }),
  flow: fc.boolean(),
});
const model = fc.record({
  packages: fc.uniqueArray(fc.tuple(names, pkg), { maxLength: 8, selector: ([n]) => n }),
  stages: fc.boolean(),
  version: fc.constantFrom(1, 1, 1, 2, '1'),
});

const STAGES_YAML = 'envs:\n  main: { manager: venv, path: "@/venv/" }\nstages:\n  find_conf:\n    interpreter: host\n    imports: stdlib\n  install:\n    interpreter: env:main\n    installs: [gcc]\n';

function yamlScalar(s) {
  return /^[A-Za-z0-9][A-Za-z0-9+._-]*$/.test(s) && !/^(true|false|null|~|\d+)$/.test(s) ? s : JSON.stringify(s);
}

function toYaml(m) {
  let out = `version: ${typeof m.version === 'string' ? JSON.stringify(m.version) : m.version}\n`;
  if (m.stages) out += STAGES_YAML;
  out += 'packages:\n';
  if (m.packages.length === 0) out = out.replace(/packages:\n$/, 'packages: {}\n');
  for (const [name, p] of m.packages) {
    const fields = [];
    if (p.description !== undefined) fields.push(['description', JSON.stringify(p.description)]);
    for (const [k, list] of Object.entries(p.lists)) fields.push([k, `[${list.map(yamlScalar).join(', ')}]`]);
    if (p.prebuilt !== undefined) fields.push(['prebuilt', String(p.prebuilt)]);
    if (fields.length === 0) out += `  ${yamlScalar(name)}: {}\n`;
    else if (p.flow) out += `  ${yamlScalar(name)}: { ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }\n`;
    else {
      out += `  ${yamlScalar(name)}:\n`;
      for (const [k, v] of fields) {
        if (v.startsWith('[') && v.length > 2 && k !== 'depends') out += `    ${k}:\n${JSON.parse(`[${v.slice(1, -1).split(', ').map((x) => (x.startsWith('"') ? x : JSON.stringify(x))).join(',')}]`).map((x) => `      - ${yamlScalar(x)}\n`).join('')}`;
        else out += `    ${k}: ${v}\n`;
      }
    }
  }
  return out;
}

function toJsonc(m) {
  const packages = m.packages.map(([name, p]) => {
    const fields = [];
    if (p.description !== undefined) fields.push(`"description": ${JSON.stringify(p.description)}`);
    for (const [k, list] of Object.entries(p.lists)) fields.push(`"${k}": [${list.map((x) => JSON.stringify(x)).join(', ')}]${p.flow ? ' // why' : ''}`.replace(/ \/\/ why$/, ''));
    if (p.prebuilt !== undefined) fields.push(`"prebuilt": ${p.prebuilt}`);
    return `    ${JSON.stringify(name)}: { ${fields.join(', ')}${p.flow ? ',' : ''} }`;
  });
  return `// generated\n{\n  "version": ${JSON.stringify(m.version)},\n  /* the packages */\n  "packages": {\n${packages.join(',\n')}\n  }\n}\n`;
}

/** A document: its language (file extension) and text. */
const baseDocument = fc.oneof(
  { weight: 4, arbitrary: model.map((m) => ({ ext: 'yaml', text: toYaml(m) })) },
  { weight: 2, arbitrary: model.map((m) => ({ ext: 'jsonc', text: toJsonc(m) })) },
  { weight: 1, arbitrary: fc.constantFrom(...EXAMPLES.map((text, i) => ({ ext: i === 2 ? 'jsonc' : 'yaml', text }))) },
);

const SNIPPETS = ['\n', '\r', '\r\n', ' ', '\t', '\0', '\ufeff', '😀', '\ud83d', '\ude00', '#', ': ', '- ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '!!str ', '|\n', '>-\n', 'x', 'é', '\\', '/*', '//', '? ', '---\n', '...\n', '%YAML 1.2\n', '__proto__: {}\n', '  __proto__: { build-depends: [gcc] }\n', '<<: *a\n', '\u2028', '\u0085'];

/** Position p in [0, length] from a fraction, so a mutation fits any text. */
const at = (text, f) => Math.min(text.length, Math.floor(f * (text.length + 1)));
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** A mutation: a name (for the report) and a function of the text. */
const mutation = fc.oneof(
  fc.tuple(fraction, fc.constantFrom(...SNIPPETS)).map(([f, s]) => ({ name: `insert ${JSON.stringify(s)}`, apply: (t) => t.slice(0, at(t, f)) + s + t.slice(at(t, f)) })),
  fc.tuple(fraction, fc.constantFrom(...SNIPPETS)).map(([f, s]) => ({ name: `replace a char by ${JSON.stringify(s)}`, apply: (t) => t.slice(0, at(t, f)) + s + t.slice(at(t, f) + 1) })),
  fc.tuple(fraction, fc.integer({ min: 0, max: 0xffff })).map(([f, c]) => ({ name: `flip a char to \\u${c.toString(16)}`, apply: (t) => t.slice(0, at(t, f)) + String.fromCharCode(c) + t.slice(at(t, f) + 1) })),
  fc.tuple(fraction, fc.integer({ min: 0, max: 7 })).map(([f, bit]) => ({ name: `flip bit ${bit}`, apply: (t) => { const p = at(t, f); return p >= t.length ? t : t.slice(0, p) + String.fromCharCode(t.charCodeAt(p) ^ (1 << bit)) + t.slice(p + 1); } })),
  fc.tuple(fraction, fc.integer({ min: 1, max: 40 })).map(([f, n]) => ({ name: `delete ${n}`, apply: (t) => t.slice(0, at(t, f)) + t.slice(at(t, f) + n) })),
  fraction.map((f) => ({ name: 'truncate', apply: (t) => t.slice(0, at(t, f)) })),
  fc.tuple(fraction, fraction).map(([a, b]) => ({ name: 'duplicate lines', apply: (t) => { const s = lineStarts(t); const i = at(s, a) % s.length; const j = Math.min(s.length - 1, i + 1 + (at(s, b) % 4)); const block = t.slice(s[i], s[j]); return t.slice(0, s[j]) + block + t.slice(s[j]); } })),
  fc.tuple(fraction, fraction).map(([a, b]) => ({ name: 'swap lines', apply: (t) => { const lines = t.split('\n'); const i = Math.floor(a * lines.length); const j = Math.floor(b * lines.length); [lines[i], lines[j]] = [lines[j], lines[i]]; return lines.join('\n'); } })),
  fc.constant({ name: 'CRLF', apply: (t) => t.replace(/\r?\n/g, '\r\n') }),
  fc.constant({ name: 'CR', apply: (t) => t.replace(/\r?\n/g, '\r') }),
  fc.constant({ name: 'BOM', apply: (t) => '\ufeff' + t }),
  fc.constant({ name: 'tabs', apply: (t) => t.replace(/ {2}/g, '\t') }),
  fc.tuple(fraction, fc.integer({ min: 1, max: 3000 }), fc.constantFrom(['[', ']'], ['{a: ', '}'], ['{"a": ', '}'], ['- ', ''])).map(([f, n, [open, close]]) => ({ name: `nest ${n} ${open}`, apply: (t) => t.slice(0, at(t, f)) + open.repeat(n) + close.repeat(n) + t.slice(at(t, f)) })),
  fc.integer({ min: 2, max: 30 }).map((n) => ({ name: `alias bomb ${n}`, apply: (t) => t + 'bomb:\n  l0: &l0 [x, x, x, x]\n' + Array.from({ length: n }, (_, i) => `  l${i + 1}: &l${i + 1} [*l${i}, *l${i}, *l${i}, *l${i}]\n`).join('') })),
  fc.tuple(fraction, fc.integer({ min: 1000, max: 200_000 })).map(([f, n]) => ({ name: `huge scalar ${n}`, apply: (t) => t.slice(0, at(t, f)) + 'x'.repeat(n) + t.slice(at(t, f)) })),
);

/** A base document and a few mutations applied in turn. */
const mutatedDocument = fc.tuple(baseDocument, fc.array(mutation, { maxLength: 4 })).map(([doc, mutations]) => {
  let text = doc.text;
  for (const m of mutations) text = m.apply(text);
  return { ext: doc.ext, text, mutations: mutations.map((m) => m.name) };
});

/** Edits a person makes (and tools make): the incremental path's diet. */
const edit = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fraction, fc.constantFrom('x', 'gcc', ' ', '\n', '\n  ', '\n    ', '#', '# c', ':', ': ', '- ', ',', '[', ']', '{', '}', '"', '😀', '\r\n', '\t', '  glibc: {}\n', 'build-depends: [m4]')).map(([f, s]) => ({ name: `type ${JSON.stringify(s)}`, apply: (t) => t.slice(0, at(t, f)) + s + t.slice(at(t, f)) })) },
  { weight: 3, arbitrary: fc.tuple(fraction, fc.integer({ min: 1, max: 12 })).map(([f, n]) => ({ name: `delete ${n}`, apply: (t) => t.slice(0, at(t, f)) + t.slice(at(t, f) + n) })) },
  { weight: 2, arbitrary: mutation },
);

module.exports = { baseDocument, mutatedDocument, mutation, edit, EXAMPLES };
