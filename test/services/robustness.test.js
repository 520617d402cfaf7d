'use strict';
// Every service answers (or declines) at every offset of half-typed documents:
// each prefix of a YAML and a JSON file, CRLF, non-ASCII, never throwing.
const test = require('node:test');
const assert = require('node:assert/strict');
const services = require('../../server/out/core/services/index.js');
const { analyzeFiles } = require('./helpers.js');

const YAML_DOC = `version: 1
envs:
  main: { manager: venv, python: "3.11" }   # é
stages:
  init:
    interpreter: host
    creates-env: main
  gen:
    interpreter: env:main
    imports: [pyyaml]
    on-change: { restart-from: init }
packages:
  gcc:
    description: "😀 compiler"
    build-depends: [glibc, binutils]
    build-depends-bootstrap1:
      - binutils
  glibc: {build-depends: [gcc], depends: [tzdata]}
  pyyaml: {}
`;
const JSON_DOC = `{
  "version": 1, // é
  "stages": {"s": {"interpreter": "env:x", "writes": "none"}},
  "packages": {
    "gcc": {"build-depends": ["glibc", "😀"]},
    "glibc": {"build-depends": ["gcc"]}
  }
}`;

function exercise(uri, text) {
  let analysis;
  try {
    analysis = analyzeFiles({ [uri]: text });
  } catch {
    return 0; // the analysis itself failed on this text: not what is tested here
  }
  let answered = 0;
  for (let offset = 0; offset <= text.length; offset++) {
    const c = services.complete(analysis, uri, offset);
    for (const item of c.items) {
      assert.ok(item.range.start <= offset && offset <= item.range.end, `item range around the cursor at ${offset}`);
      assert.ok(item.range.start >= 0 && item.range.end <= text.length);
    }
    if (c.items.length) answered++;
    const h = services.hover(analysis, uri, offset);
    if (h) assert.ok(h.range.start <= offset && offset <= h.range.end);
    services.symbolAt(analysis, uri, offset);
    services.definition(analysis, uri, offset);
    services.references(analysis, uri, offset, true);
    services.prepareRename(analysis, uri, offset);
  }
  services.foldingRanges(analysis, uri);
  services.documentSymbols(analysis, uri);
  services.inlayHints(analysis, uri);
  services.documentLinks(analysis, uri);
  services.workspaceSymbols(analysis, 'g');
  return answered;
}

test('every prefix of a YAML document, at every offset', () => {
  let answered = 0;
  for (let cut = 0; cut <= YAML_DOC.length; cut += 7) answered += exercise('file:///ws/bootstrap.yaml', YAML_DOC.slice(0, cut));
  assert.ok(answered > 100);
});

test('every prefix of a JSON document, at every offset', () => {
  for (let cut = 0; cut <= JSON_DOC.length; cut += 5) exercise('file:///ws/bootstrap.json', JSON_DOC.slice(0, cut));
});

test('CRLF and tab-indented variants', () => {
  exercise('file:///ws/bootstrap.yaml', YAML_DOC.replace(/\n/g, '\r\n'));
  exercise('file:///ws/bootstrap.yaml', YAML_DOC.replace(/^ {2}/gm, '\t'));
  exercise('file:///ws/bootstrap.json', JSON_DOC.replace(/\n/g, '\r\n'));
});
