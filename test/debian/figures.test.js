'use strict';
// scripts/debian-figures.js on small inputs: the SCC and stage-N models, the
// binary-level model on the committed fixture excerpt, and the Markdown
// section writer (the prose around the markers must stay).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const figures = require('../../scripts/debian-figures.js');
const eng = require('../../server/out/core/graph/index.js');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'debian');

const YAML_TEXT = `# header line one
# header line two
version: 1
packages:
  gcc:
    build-depends: [glibc, binutils]
    build-depends-bootstrap1: [binutils]
  glibc:
    build-depends: [gcc]
    depends: [tzdata]
  binutils: {}
  tzdata: {}
  seed:
    prebuilt: true
    build-depends: [gcc]
  loop:
    build-depends: [loop]
`;

test('specsOfYaml reads build-depends, depends, stage sets and prebuilt', () => {
  const specs = figures.specsOfYaml(YAML_TEXT);
  const gcc = specs.find((s) => s.name === 'gcc');
  assert.deepEqual(gcc.buildDepends, ['glibc', 'binutils']);
  assert.deepEqual(gcc.bootstrap, [{ stage: 1, buildDepends: ['binutils'] }]);
  assert.equal(specs.find((s) => s.name === 'seed').prebuilt, true);
  assert.deepEqual(specs.find((s) => s.name === 'glibc').depends, ['tzdata']);
});

test('SCC figures: the full graph, the packages to build, and the stage-1 graph', () => {
  const graph = eng.buildGraph(figures.specsOfYaml(YAML_TEXT));
  const all = new Uint8Array(graph.size).fill(1);
  const f = figures.sccFigures(eng, graph, graph.offsets, graph.targets, all);
  // gcc <-> glibc, and the self-loop of loop.
  assert.equal(f.nonTrivial, 2);
  assert.equal(f.selfLoopsOnly, 1);
  assert.equal(f.largest, 2);
  assert.deepEqual(f.largestMembers, ['gcc', 'glibc']);
  assert.equal(f.packagesInCycles, 3);

  const st = figures.stageCsr(graph, 1);
  assert.equal(st.packagesWithSet, 1);
  const f1 = figures.sccFigures(eng, graph, st.offsets, st.targets, all);
  assert.equal(f1.nonTrivial, 1, 'gcc built at stage 1 breaks gcc <-> glibc');
  assert.equal(f1.largest, 1);
});

test('dependsPath follows runtime dependencies', () => {
  const graph = eng.buildGraph(figures.specsOfYaml(YAML_TEXT));
  assert.deepEqual(figures.dependsPath(graph, 'glibc', 'tzdata'), ['glibc', 'tzdata']);
  assert.equal(figures.dependsPath(graph, 'tzdata', 'glibc'), null);
});

test('the binary-level model on the fixture excerpt', () => {
  const A = figures.loadArchive({ data: FIXTURES });
  assert.ok(A.sources.length > 100);
  assert.ok(A.essential.includes('glibc'));
  const G = figures.binaryLevelGraph(A, A.essential, 0);
  assert.equal(G.size, G.names.length);
  assert.equal(G.offsets.length, G.size + 1);
  // Sources of the core are never to build.
  for (const s of A.essential) {
    const i = G.names.indexOf(s);
    if (i >= 0) assert.equal(G.toBuild[i], 0, `${s} is core`);
  }
  const fp = figures.fixpoint(G);
  assert.equal(fp.built + fp.notBuilt, fp.toBuild);
  assert.ok(fp.percent > 0 && fp.percent <= 100);
  const r = figures.binaryScenario(eng, A, A.essential, 'fixture');
  assert.equal(r.sources, G.size);
  assert.ok(r.stage1.largest <= r.scc.largest + 0, 'stage1 sets only remove build dependencies here');
  assert.ok(r.debhelperClosure === null || r.debhelperClosure.binaries >= 1);
});

test('writeSection replaces only the text between the markers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strap-figures-test-'));
  try {
    const doc = path.join(dir, 'debian.md');
    fs.writeFileSync(doc, `# Title\n\nprose before\n\n${figures.BEGIN}\nold figures\n${figures.END}\n\nprose after\n`);
    figures.writeSection(doc, 'NEW FIGURES');
    const text = fs.readFileSync(doc, 'utf8');
    assert.match(text, /prose before/);
    assert.match(text, /prose after/);
    assert.match(text, /NEW FIGURES/);
    assert.doesNotMatch(text, /old figures/);
    figures.writeSection(doc, 'NEWER');
    const again = fs.readFileSync(doc, 'utf8');
    assert.equal(again.split(figures.BEGIN).length, 2, 'one section only');
    assert.match(again, /NEWER/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('render copes with a run without botch, cycles or timings', () => {
  const graph = eng.buildGraph(figures.specsOfYaml(YAML_TEXT));
  assert.ok(graph.size > 0);
  const scc = { nonTrivial: 0, selfLoopsOnly: 0, largest: 0, largestEdges: 0, packagesInCycles: 0, topSizes: [], largestMembers: [] };
  const S = {
    label: 'as imported',
    packages: 6,
    prebuilt: 1,
    toBuild: 5,
    packagesWithBootstrapSets: 0,
    stageSets: {},
    directBuildDependsEdges: 5,
    buildGraphEdges: 6,
    graphSeconds: 0,
    planSeconds: 0,
    sccAll: scc,
    sccToBuild: scc,
    sccDirect: scc,
    stages: {},
    plan: { coverage: { count: 3, total: 6, percent: 50 }, waves: 1, fullBuilds: 3, stageBuilds: 0, rebuilds: 0, stuck: 3, stuckPrebuilt: 0, stuckByReason: { cycle: 3 }, unknownDependencies: [], unusedStages: [], builtOrPrebuilt: 4 },
  };
  const md = figures.render({
    generated: '2000-01-01',
    machine: { cpus: 2, cpuModel: 'x', memGB: 1, node: 'v20', loadavg: [0, 0, 0] },
    input: { file: 'f.yaml', header: ['h'] },
    timings: {},
    strap: { asImported: S },
    botch: null,
  });
  assert.match(md, /strap and botch side by side/);
  assert.match(md, /botch has not been run/);
});
