'use strict';
// Every edit function on the same bootstrap file written four ways (YAML
// block, YAML flow, JSON, JSONC with comments), each with LF and CRLF, with
// and without a byte-order mark, with non-ASCII and astral names: the result
// parses cleanly, has exactly the expected value, and keeps its comments,
// its line breaks and its BOM.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { edit, assertCrlf, edits } = require('./helpers');

const GCC = 'é😀gcc';
const model = () => ({
  packages: {
    [GCC]: { 'build-depends': ['glibc', 'ü-bin', '😀z'] },
    glibc: { 'build-depends': [GCC] },
    tzdata: {},
  },
});

const FIXTURES = {
  'YAML block': ['yaml', [
    '# keep me',
    'packages:',
    '  # keep me',
    `  ${GCC}:  # inline`,
    '    build-depends:',
    '      - glibc  # inline',
    '      - ü-bin',
    '      - 😀z',
    '  glibc:',
    `    build-depends: [${GCC}]   # inline`,
    '  tzdata: {}',
    '',
  ]],
  'YAML flow': ['yaml', [
    '# keep me',
    `{packages: {${GCC}: {build-depends: [glibc, ü-bin, 😀z]}, glibc: {build-depends: [${GCC}]}, tzdata: {}}}`,
    '',
  ]],
  JSON: ['json', JSON.stringify(model(), null, 2).split('\n')],
  JSONC: ['json', [
    '// keep me',
    '{',
    '  "packages": {',
    '    // keep me',
    `    "${GCC}": {`,
    '      "build-depends": [',
    '        "glibc", // inline',
    '        "ü-bin",',
    '        "😀z"',
    '      ]',
    '    },',
    `    "glibc": { "build-depends": ["${GCC}"] }, /* inline */`,
    '    "tzdata": {} // inline',
    '  }',
    '}',
  ]],
};

const P = (...s) => '/' + s.join('/');
const OPERATIONS = [
  ['setMember: a bootstrap list', (d) => edits.setMember(d, P('packages', GCC), 'build-depends-bootstrap1', ['ü-bin']),
    (m) => { m.packages[GCC]['build-depends-bootstrap1'] = ['ü-bin']; }],
  ['setMember: after a sibling', (d) => edits.setMember(d, P('packages'), 'é-new', {}, { after: GCC }),
    (m) => { m.packages['é-new'] = {}; }],
  ['setMember: into an empty map', (d) => edits.setMember(d, P('packages', 'tzdata'), 'depends', ['glibc']),
    (m) => { m.packages.tzdata.depends = ['glibc']; }],
  ['setMember: a missing path', (d) => edits.setMember(d, P('stages', 'find_conf'), 'interpreter', 'host'),
    (m) => { m.stages = { find_conf: { interpreter: 'host' } }; }],
  ['replaceList', (d) => edits.replaceList(d, P('packages', GCC, 'build-depends'), ['ü-bin', 'new 😀']),
    (m) => { m.packages[GCC]['build-depends'] = ['ü-bin', 'new 😀']; }],
  ['removeArrayItem', (d) => edits.removeArrayItem(d, P('packages', GCC, 'build-depends', 1)),
    (m) => { m.packages[GCC]['build-depends'].splice(1, 1); }],
  ['removeArrayItem: the last one', (d) => edits.removeArrayItem(d, P('packages', 'glibc', 'build-depends', 0)),
    (m) => { m.packages.glibc['build-depends'] = []; }],
  ['appendArrayItem', (d) => edits.appendArrayItem(d, P('packages', 'glibc', 'build-depends'), '😀x'),
    (m) => { m.packages.glibc['build-depends'].push('😀x'); }],
  ['replaceScalar', (d) => edits.replaceScalar(d, P('packages', GCC, 'build-depends', 2), 'é'),
    (m) => { m.packages[GCC]['build-depends'][2] = 'é'; }],
  ['renameKey', (d) => edits.renameKey(d, P('packages', 'glibc'), 'glibc-😀'),
    (m) => { m.packages = Object.fromEntries(Object.entries(m.packages).map(([k, v]) => [k === 'glibc' ? 'glibc-😀' : k, v])); }],
  ['removeMember', (d) => edits.removeMember(d, P('packages', 'tzdata')),
    (m) => { delete m.packages.tzdata; }],
];

const count = (text, needle) => text.split(needle).length - 1;

for (const [name, [language, lines]] of Object.entries(FIXTURES)) {
  describe(`every edit on ${name}`, () => {
    for (const eol of ['\n', '\r\n']) {
      for (const bom of ['', '\uFEFF']) {
        it(`${eol === '\n' ? 'LF' : 'CRLF'}${bom ? ', with a BOM' : ''}`, () => {
          const text = bom + lines.join(eol);
          const uri = language === 'yaml' ? 'm.bootstrap.yaml' : name === 'JSONC' ? 'm.bootstrap.jsonc' : 'm.bootstrap.json';
          for (const [label, build, change] of OPERATIONS) {
            const expected = model();
            change(expected);
            const r = edit(uri, text, build);
            assert.deepEqual(r.value, expected, `${label}:\n${r.text}`);
            assert.equal(count(r.text, 'keep me'), count(text, 'keep me'), `${label} keeps comments:\n${r.text}`);
            assert.equal(r.text.startsWith('\uFEFF'), !!bom, `${label} keeps the BOM`);
            if (eol === '\r\n') assertCrlf(r.text);
            else assert.ok(!r.text.includes('\r'), `${label} adds no CR`);
            for (const e of r.edits) {
              assert.ok(e.range.end - e.range.start <= 40, `${label}: a small edit, not a rewrite (${JSON.stringify(e)})`);
            }
          }
        });
      }
    }
  });
}
