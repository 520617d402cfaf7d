'use strict';
// Deterministic generator of realistic bootstrap documents for the benchmark.
//
//   const { generate } = require('./generate');
//   const { text, meta } = generate(10000, { format: 'yaml', seed: 1 });
//
// or from a shell:  node bench/generate.js 10000 [--json] [--seed N] [--cluster] > x.bootstrap.yaml
//
// Shape (modelled on a distribution archive):
// - packages are numbered 0..N-1 by "level": package i build-depends mostly on
//   lower-numbered packages (biased towards the bottom, like libc or gcc), so
//   most of the graph is acyclic;
// - about 1 in 60 packages closes a cycle of 2-4 packages with a back-edge
//   (a low package build-depending on a higher one); about 80 % of those cycles
//   are broken by a `build-depends-bootstrap1` (a few by `-bootstrap2`) that
//   drops the back-edge, the rest stay unbroken (errors, as in a real archive
//   under work) and sit in the upper part of the graph, so that few packages
//   are stuck behind them;
// - a few compilers build themselves (self loops), seeded by `prebuilt: true`;
//   a few more bottom packages are prebuilt;
// - about a third have runtime `depends` (on lower packages, so the runtime
//   closure adds build edges but no cycles of its own);
// - a few carry a bootstrap set the plan never needs (hints);
// - every package has a description; lists are in flow style `[a, b]` or block
//   style, mixed; document order is alphabetical (as an importer writes it),
//   unrelated to the level;
// - a small staged-environment chain (python, envs, stages) heads the file.
//
// `shape: 'cluster'` (--cluster) adds a toolchain core that merges most
// packages into one giant cycle cluster, as in a real archive (see
// mergeIntoOneCluster).
//
// The same seed, size and shape always give the same text, byte for byte.

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['lib', 'lib', 'lib', 'python3', 'golang', 'node', 'ruby', 'perl', 'rust', 'texlive', 'fonts', 'gir1.2', 'xserver', 'haskell', 'php', 'gcc', 'kde', 'gnome'];
const SYLLABLES = ['ab', 'ac', 'al', 'an', 'ar', 'ba', 'be', 'bo', 'ca', 'co', 'cu', 'da', 'de', 'di', 'el', 'en', 'fa', 'fo', 'ga', 'gi', 'ha', 'in', 'io', 'ka', 'ki', 'la', 'li', 'lo', 'ma', 'mi', 'mo', 'na', 'ne', 'no', 'or', 'pa', 'pe', 'po', 'qu', 'ra', 're', 'ri', 'sa', 'se', 'si', 'ta', 'te', 'ti', 'to', 'un', 'va', 've', 'xe', 'yo', 'za', 'zo'];
const WORDS = ['library', 'for', 'the', 'parsing', 'of', 'streams', 'shared', 'runtime', 'development', 'files', 'bindings', 'tools', 'utilities', 'support', 'fast', 'portable', 'compression', 'graphics', 'network', 'protocol', 'implementation', 'documentation', 'plugin', 'module', 'client', 'server', 'headers', 'data', 'fonts', 'interpreter', 'compiler', 'extension', 'toolkit', 'secure', 'simple', 'generic', 'interface', 'cryptographic', 'XML', 'JSON', 'database', 'terminal', 'emulator', 'manager', 'daemon'];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function intBetween(rand, lo, hi) {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/**
 * The package specs (no text yet): names, dependencies, bootstrap sets.
 * @returns {{ names: string[], pkgs: Array<{name: string, description: string, buildDepends: number[], depends: number[], bootstrap: Map<number, number[]>, prebuilt: boolean, flow: boolean}>, meta: object }}
 */
function model(n, seed = 1, shape = 'archive') {
  const rand = prng(seed * 7919 + n);
  const names = [];
  const used = new Set();
  for (let i = 0; i < n; i++) {
    let name;
    do {
      const word = pick(rand, SYLLABLES) + pick(rand, SYLLABLES) + (rand() < 0.5 ? pick(rand, SYLLABLES) : '');
      name = `${pick(rand, PREFIXES)}-${word}-${intBetween(rand, 1, 999)}`;
    } while (used.has(name));
    used.add(name);
    names.push(name);
  }
  const pkgs = names.map((name) => {
    const wordCount = intBetween(rand, 3, 9);
    const words = [];
    for (let w = 0; w < wordCount; w++) words.push(pick(rand, WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return { name, description: words.join(' '), buildDepends: [], depends: [], bootstrap: new Map(), prebuilt: false, flow: rand() < 0.6 };
  });
  const meta = { packages: n, seed, cycles: 0, brokenCycles: 0, selfLoops: 0, prebuilt: 0, unusedBootstrap: 0, edges: 0 };

  // Bottom packages: no build dependencies; a few of them are prebuilt.
  const bottom = Math.max(2, Math.ceil(n * 0.01));
  for (let i = 0; i < Math.min(bottom, n); i++) {
    if (i < 3 || rand() < 0.05) {
      pkgs[i].prebuilt = true;
      meta.prebuilt++;
    }
  }

  // Downward build dependencies, biased to the bottom of the graph.
  for (let i = bottom; i < n; i++) {
    const count = 1 + Math.floor(7 * rand() * rand());
    const set = new Set();
    for (let k = 0; k < count * 3 && set.size < count; k++) {
      const r = rand();
      const j = Math.floor(i * r * r);
      if (j !== i) set.add(j);
    }
    pkgs[i].buildDepends = [...set];
    if (rand() < 0.33) {
      const dset = new Set();
      const dc = rand() < 0.7 ? 1 : 2;
      for (let k = 0; k < dc; k++) dset.add(Math.floor(i * rand()));
      pkgs[i].depends = [...dset];
    }
  }

  // Cycles: a ring a0 > a1 > ... > ak-1 (downward edges) closed by the back-edge ak-1 -> a0.
  const cycleCount = Math.max(1, Math.floor(n / 60));
  for (let c = 0; c < cycleCount && n > bottom + 8; c++) {
    const k = intBetween(rand, 2, 4);
    // Unbroken cycles sit high in the graph (few packages depend on them), as
    // in an archive where the base system bootstraps and leaf loops are open.
    const broken = rand() < 0.8;
    const floor = broken ? bottom : Math.max(bottom, Math.floor(n * 0.6));
    const top = intBetween(rand, Math.min(n - 1, floor + k * 4), n - 1);
    const ring = [top];
    for (let m = 1; m < k; m++) ring.push(ring[m - 1] - intBetween(rand, 1, Math.max(1, Math.floor((ring[m - 1] - bottom) / (k - m + 1)))));
    if (new Set(ring).size !== k || ring[k - 1] < floor) continue;
    for (let m = 0; m + 1 < k; m++) if (!pkgs[ring[m]].buildDepends.includes(ring[m + 1])) pkgs[ring[m]].buildDepends.push(ring[m + 1]);
    const low = pkgs[ring[k - 1]];
    if (low.buildDepends.includes(top)) continue;
    low.buildDepends.push(top);
    meta.cycles++;
    if (broken) {
      const stage = rand() < 0.9 ? 1 : 2;
      low.bootstrap.set(stage, low.buildDepends.filter((d) => d !== top));
      meta.brokenCycles++;
    }
  }

  // Compilers that build themselves, seeded by a prebuilt binary.
  const selfLoops = Math.max(1, Math.floor(n / 2000));
  for (let s = 0; s < selfLoops && n > bottom; s++) {
    const i = intBetween(rand, bottom, n - 1);
    if (pkgs[i].buildDepends.includes(i)) continue;
    pkgs[i].buildDepends.unshift(i);
    if (!pkgs[i].prebuilt) meta.prebuilt++;
    pkgs[i].prebuilt = true;
    meta.selfLoops++;
  }

  // Bootstrap sets the plan never needs (the package is not in a cycle).
  for (let i = bottom; i < n; i++) {
    const p = pkgs[i];
    if (p.bootstrap.size || p.buildDepends.length < 2 || rand() >= 0.005) continue;
    p.bootstrap.set(1, p.buildDepends.slice(1));
    meta.unusedBootstrap++;
  }

  if (shape === 'cluster') mergeIntoOneCluster(rand, pkgs, bottom, meta);

  for (const p of pkgs) meta.edges += p.buildDepends.length;
  return { names, pkgs, meta };
}

/**
 * The shape of a real archive's giant cycle cluster (docs/debian.md: Debian's
 * ~1 550-2 000 sources): a core of toolchain-like packages (debhelper, gcc,
 * pkgconf, cmake...) that nearly everybody build-depends on, which build-depend
 * on each other and depend at run time on packages high in the graph (as
 * debhelper's runtime closure reaches a52dec). Every package that builds on
 * the core and is reached from it then shares one strongly connected
 * component: a build of P needs the core, whose runtime closure needs the high
 * packages, whose builds need most of the graph below them, which needs the core.
 */
function mergeIntoOneCluster(rand, pkgs, bottom, meta) {
  const n = pkgs.length;
  const coreSize = Math.min(Math.max(8, Math.round(n / 1000)), Math.max(0, n - bottom - 1));
  if (coreSize < 2) return;
  const core = [];
  for (let k = 0; k < coreSize; k++) core.push(bottom + k);
  const high = () => intBetween(rand, Math.floor(n * 0.3), n - 1);
  const addTo = (list, j, self) => { if (j !== self && !list.includes(j)) list.push(j); };
  for (const c of core) {
    const p = pkgs[c];
    p.prebuilt = false;
    p.isCore = true;
    // The toolchain builds with the toolchain (gcc needs debhelper, debhelper needs perl...).
    for (let k = 0; k < 2; k++) addTo(p.buildDepends, core[Math.floor(rand() * coreSize)], c);
    // ...and installs things far up the graph (its runtime closure).
    for (let k = Math.max(2, Math.round(n / 4 / coreSize)); k > 0; k--) addTo(p.depends, high(), c);
  }
  // Nearly everybody build-depends on the core, the first members (debhelper) most.
  for (let i = bottom + coreSize; i < n; i++) {
    if (rand() >= 0.9) continue;
    const p = pkgs[i];
    for (let k = rand() < 0.7 ? 1 : 2; k > 0; k--) addTo(p.buildDepends, core[Math.floor(coreSize * rand() * rand())], i);
  }
  meta.core = coreSize;
}

const STAGE_CHAIN_YAML = `python: { min: "3.8" }

envs:
  main: { manager: venv, path: "@/venv/", python: "3.11" }
  tools: { manager: micromamba, path: "@/mamba/", python: "3.12", channels: [conda-forge] }

stages:
  find_conf:
    description: Locate the project configuration.
    interpreter: host
    imports: stdlib
  init_venv:
    interpreter: host
    imports: stdlib
    creates-env: main
    writes: create
    state-file: "@/conf/init_venv.state.json"
  install_deps:
    interpreter: env:main
    imports: stdlib
    installs: [PKG_A, PKG_B]
  generate_files:
    interpreter: env:main
    imports: [PKG_A]
    handoff: exec
    require-clean-tree: true
    writes: modify
    generates: "@/gen/config/"
    on-change: { restart-from: init_venv }
    debug: { port: 5678, break-on-start: false }
    env-vars: { APP_MODE: bootstrap }
`;

function stageChainObject(a, b) {
  return {
    python: { min: '3.8' },
    envs: {
      main: { manager: 'venv', path: '@/venv/', python: '3.11' },
      tools: { manager: 'micromamba', path: '@/mamba/', python: '3.12', channels: ['conda-forge'] },
    },
    stages: {
      find_conf: { description: 'Locate the project configuration.', interpreter: 'host', imports: 'stdlib' },
      init_venv: { interpreter: 'host', imports: 'stdlib', 'creates-env': 'main', writes: 'create', 'state-file': '@/conf/init_venv.state.json' },
      install_deps: { interpreter: 'env:main', imports: 'stdlib', installs: [a, b] },
      generate_files: {
        interpreter: 'env:main', imports: [a], handoff: 'exec', 'require-clean-tree': true, writes: 'modify',
        generates: '@/gen/config/', 'on-change': { 'restart-from': 'init_venv' },
        debug: { port: 5678, 'break-on-start': false }, 'env-vars': { APP_MODE: 'bootstrap' },
      },
    },
  };
}

function yamlList(out, key, items, flow) {
  if (flow) {
    out.push(`    ${key}: [${items.join(', ')}]`);
  } else {
    out.push(`    ${key}:`);
    for (const item of items) out.push(`      - ${item}`);
  }
}

/**
 * Generate a bootstrap document of `n` packages.
 * @param {number} n
 * @param {{format?: 'yaml'|'json', seed?: number}} [options]
 * @returns {{ text: string, meta: object, names: string[] }}
 */
function generate(n, options = {}) {
  const format = options.format || 'yaml';
  const seed = options.seed ?? 1;
  const shape = options.shape || 'archive';
  const { names, pkgs, meta } = model(n, seed, shape);
  const order = pkgs.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const stageA = names[0];
  const stageB = names[Math.min(1, n - 1)];

  if (format === 'json') {
    const packages = {};
    for (const i of order) {
      const p = pkgs[i];
      const o = { description: p.description };
      if (p.buildDepends.length) o['build-depends'] = p.buildDepends.map((d) => names[d]);
      for (const [stage, items] of [...p.bootstrap].sort((x, y) => x[0] - y[0])) o[`build-depends-bootstrap${stage}`] = items.map((d) => names[d]);
      if (p.depends.length) o.depends = p.depends.map((d) => names[d]);
      if (p.prebuilt) o.prebuilt = true;
      packages[p.name] = o;
    }
    const doc = { version: 1, ...stageChainObject(stageA, stageB), packages };
    const text = `// Generated by bench/generate.js: ${n} packages, seed ${seed}${shape === 'cluster' ? ', one giant cycle cluster' : ''}.\n${JSON.stringify(doc, null, 2)}\n`;
    return { text, meta, names };
  }

  const out = [];
  out.push(`# Generated by bench/generate.js: ${n} packages, seed ${seed}${shape === 'cluster' ? ', one giant cycle cluster' : ''}.`);
  out.push('# A synthetic distribution: build-dependency levels, cycles (most broken by');
  out.push('# bootstrap stages), self-hosting compilers seeded by prebuilt binaries.');
  out.push('version: 1');
  out.push('');
  out.push(STAGE_CHAIN_YAML.replace(/PKG_A/g, stageA).replace(/PKG_B/g, stageB));
  out.push('packages:');
  for (const i of order) {
    const p = pkgs[i];
    out.push(`  ${p.name}:`);
    out.push(`    description: ${p.description}`);
    if (p.buildDepends.length) yamlList(out, 'build-depends', p.buildDepends.map((d) => names[d]), p.flow);
    for (const [stage, items] of [...p.bootstrap].sort((x, y) => x[0] - y[0])) {
      if (items.length) yamlList(out, `build-depends-bootstrap${stage}`, items.map((d) => names[d]), p.flow);
      else out.push(`    build-depends-bootstrap${stage}: []`);
    }
    if (p.depends.length) yamlList(out, 'depends', p.depends.map((d) => names[d]), true);
    if (p.prebuilt) out.push('    prebuilt: true');
  }
  return { text: out.join('\n') + '\n', meta, names };
}

module.exports = { generate, model, prng };

if (require.main === module) {
  const args = process.argv.slice(2);
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 1;
  const { text, meta } = generate(n, { format: args.includes('--json') ? 'json' : 'yaml', seed, shape: args.includes('--cluster') ? 'cluster' : 'archive' });
  process.stdout.write(text);
  process.stderr.write(`${JSON.stringify(meta)}\n`);
}
