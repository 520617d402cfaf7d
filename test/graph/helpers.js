'use strict';
// Shared helpers and brute-force oracles for the build-graph engine tests.
const fc = require('fast-check');
require('../helpers/fast-check-seed');

const graphApi = require('../../server/out/core/graph');

/** A package spec with defaults. */
function P(name, o = {}) {
  const bootstrap = [];
  for (const [k, v] of Object.entries(o)) {
    const m = /^bs(\d+)$/.exec(k);
    if (m) bootstrap.push({ stage: Number(m[1]), buildDepends: v });
  }
  return { name, buildDepends: o.bd || [], depends: o.d || [], bootstrap, prebuilt: !!o.pre };
}

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Brute-force model of the specs: declared names, runtime closure by BFS, build edges with via. */
function model(specs) {
  const decl = new Map();
  for (const s of specs) if (!decl.has(s.name)) decl.set(s.name, s);
  const dedupe = (l) => Array.from(new Set(l));
  const depends = (x) => (decl.has(x) ? dedupe(decl.get(x).depends) : []);
  const closure = (q) => {
    const seen = new Set([q]);
    const queue = [q];
    while (queue.length) {
      const u = queue.shift();
      for (const w of depends(u)) if (!seen.has(w)) (seen.add(w), queue.push(w));
    }
    return seen;
  };
  const names = new Set(decl.keys());
  for (const s of decl.values()) {
    for (const x of s.buildDepends) names.add(x);
    for (const x of s.depends) names.add(x);
    for (const b of s.bootstrap) for (const x of b.buildDepends) names.add(x);
  }
  const edges = new Map(); // name -> Map(target -> via)
  for (const n of names) {
    const out = new Map();
    if (decl.has(n)) {
      const bd = dedupe(decl.get(n).buildDepends).sort(byName);
      for (const q of bd) out.set(q, q);
      for (const q of bd) for (const r of closure(q)) if (!out.has(r)) out.set(r, q);
    }
    edges.set(n, out);
  }
  const setClosure = (list) => {
    const s = new Set();
    for (const q of list) for (const r of closure(q)) s.add(r);
    return s;
  };
  return { decl, names: Array.from(names).sort(byName), edges, closure, setClosure };
}

/** Reachability (by at least one edge) from u inside `allowed` (a Set of names or null). */
function reachFrom(m, u, allowed) {
  const seen = new Set();
  const queue = [u];
  while (queue.length) {
    const x = queue.shift();
    for (const y of m.edges.get(x).keys()) {
      if (allowed && !allowed.has(y)) continue;
      if (!seen.has(y)) (seen.add(y), queue.push(y));
    }
  }
  return seen;
}

/** Non-trivial SCCs (sorted name lists, ordered by first member) of the subgraph induced by `allowed`. */
function oracleNonTrivialSccs(m, allowed) {
  const nodes = m.names.filter((x) => !allowed || allowed.has(x));
  const reach = new Map(nodes.map((x) => [x, reachFrom(m, x, allowed)]));
  const done = new Set();
  const out = [];
  for (const u of nodes) {
    if (done.has(u)) continue;
    const comp = nodes.filter((v) => v === u || (reach.get(u).has(v) && reach.get(v).has(u)));
    for (const v of comp) done.add(v);
    if (comp.length > 1 || reach.get(u).has(u)) out.push(comp);
  }
  return out;
}

/** Length of a shortest cycle through x inside `allowed` (Set or null), or Infinity. */
function oracleShortestCycleLength(m, x, allowed) {
  const dist = new Map([[x, 0]]);
  const queue = [x];
  let best = Infinity;
  while (queue.length) {
    const u = queue.shift();
    for (const v of m.edges.get(u).keys()) {
      if (allowed && !allowed.has(v)) continue;
      if (v === x) best = Math.min(best, dist.get(u) + 1);
      if (!dist.has(v)) (dist.set(v, dist.get(u) + 1), queue.push(v));
    }
  }
  return best;
}

/** A naive, literal implementation of SPEC §3 step 1 and of the taint rules. */
function naivePlan(specs, assumeUnknownAvailable = false) {
  const m = model(specs);
  const declared = (x) => m.decl.has(x);
  const avail = new Set();
  const builds = []; // {pkg, kind, stage, wave, taint:Set}
  const latest = new Map(); // name -> [builds]
  const add = (b) => {
    builds.push(b);
    if (!latest.has(b.pkg)) latest.set(b.pkg, []);
    latest.get(b.pkg).push(b);
  };
  for (const n of m.names) {
    if (!declared(n)) {
      if (assumeUnknownAvailable) avail.add(n);
    } else if (m.decl.get(n).prebuilt) {
      avail.add(n);
      add({ pkg: n, kind: 'prebuilt', stage: 0, wave: 0, taint: new Set() });
    }
  }
  const id = (b) => (b.kind === 'prebuilt' ? `${b.pkg}@prebuilt` : `${b.pkg}@stage${b.stage}`);
  const before = (r, w) => {
    const l = (latest.get(r) || []).filter((b) => b.wave < w);
    const full = l.filter((b) => b.kind === 'full');
    if (full.length) return full[full.length - 1];
    return l.length ? l[l.length - 1] : null;
  };
  const taintOf = (inputs, w) => {
    const t = new Set();
    for (const r of inputs) {
      const b = before(r, w);
      if (!b) continue;
      if (b.kind !== 'full') t.add(id(b));
      for (const x of b.taint) t.add(x);
    }
    return t;
  };
  const full = new Set();
  const stageDone = new Set();
  const waves = [];
  for (;;) {
    const w = waves.length + 1;
    const ready = m.names.filter((p) => declared(p) && !full.has(p) && [...m.edges.get(p).keys()].every((r) => avail.has(r)));
    if (ready.length) {
      const taints = ready.map((p) => taintOf(m.edges.get(p).keys(), w));
      ready.forEach((p, k) => {
        add({ pkg: p, kind: 'full', stage: 0, wave: w, taint: taints[k] });
        full.add(p);
      });
      for (const p of ready) avail.add(p);
      waves.push({ index: w, builds: ready.map((p) => ({ package: p, kind: 'full' })) });
      continue;
    }
    let best = null;
    for (const p of m.names) {
      if (!declared(p) || full.has(p)) continue;
      const seenStages = new Set();
      for (const b of m.decl.get(p).bootstrap) {
        if (seenStages.has(b.stage)) continue;
        seenStages.add(b.stage);
        if (stageDone.has(`${p}:${b.stage}`)) continue;
        const cl = m.setClosure(b.buildDepends);
        if (![...cl].every((r) => avail.has(r))) continue;
        if (!best || b.stage < best.stage || (b.stage === best.stage && p < best.p)) best = { p, stage: b.stage, cl };
      }
    }
    if (!best) break;
    add({ pkg: best.p, kind: 'stage', stage: best.stage, wave: w, taint: taintOf(best.cl, w) });
    stageDone.add(`${best.p}:${best.stage}`);
    avail.add(best.p);
    waves.push({ index: w, builds: [{ package: best.p, kind: 'stage', stage: best.stage }] });
  }
  const fullBuild = new Map(builds.filter((b) => b.kind === 'full').map((b) => [b.pkg, b]));
  const rebuilt = [...fullBuild.values()]
    .filter((b) => b.taint.size > 0 || m.decl.get(b.pkg).prebuilt)
    .map((b) => b.pkg)
    .sort(byName);
  const washesOut = new Map();
  for (const p of rebuilt) {
    const t = new Set(fullBuild.get(p).taint);
    if (m.decl.get(p).prebuilt) t.add(`${p}@prebuilt`);
    washesOut.set(p, t);
  }
  return { m, waves, builds, avail, full, rebuilt, washesOut, stageDone };
}

/** Random small package sets. */
function specsArb({ maxPackages = 7, unknown = true, stages = true, prebuiltOdds = 8 } = {}) {
  return fc.integer({ min: 1, max: maxPackages }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i)); // a, b, c, ...
    const pool = unknown ? names.concat(['zz-unknown1', 'zz-unknown2']) : names;
    const pkg = fc.record({
      bd: fc.subarray(pool, { maxLength: Math.min(4, pool.length) }),
      d: fc.subarray(pool, { maxLength: Math.min(2, pool.length) }),
      pre: fc.integer({ min: 0, max: prebuiltOdds }).map((x) => x === 0),
      bs: stages
        ? fc.array(fc.record({ stage: fc.integer({ min: 1, max: 3 }), deps: fc.subarray(pool, { maxLength: Math.min(3, pool.length) }) }), { maxLength: 2 })
        : fc.constant([]),
    });
    return fc.tuple(...names.map(() => pkg)).map((arr) =>
      arr.map((r, i) => ({
        name: names[i],
        buildDepends: shuffleStable(r.bd, i),
        depends: r.d,
        bootstrap: r.bs.map((b) => ({ stage: b.stage, buildDepends: b.deps })),
        prebuilt: r.pre,
      })),
    );
  });
}

/** Deterministic reordering so declaration order is not always name order. */
function shuffleStable(list, salt) {
  const out = list.slice();
  if ((salt & 1) === 1) out.reverse();
  return out;
}

/**
 * Reference availability at the binary level, independently of the solver: a
 * package is built once one of its build sets (full or stage) has every input
 * available, inputs taken from the graph's per-set build inputs
 * (test/graph/binaries.test.js checks those against a name-level reference);
 * `given` are available from the start. The names available in the end.
 */
function builtByReference(specs, given = new Set()) {
  const probe = (set) => graphApi.buildGraph([...specs, { name: 'zz-probe', buildDepends: set, depends: [], bootstrap: [], prebuilt: false }]).buildInputs('zz-probe');
  const sets = new Map(specs.map((s) => [s.name, [s.buildDepends, ...s.bootstrap.map((b) => b.buildDepends)].map(probe)]));
  const avail = new Set([...given, ...specs.filter((s) => s.prebuilt).map((s) => s.name)]);
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, list] of sets) {
      if (avail.has(name) || !list.some((inputs) => inputs.every((x) => avail.has(x)))) continue;
      avail.add(name);
      changed = true;
    }
  }
  return avail;
}

/** Number of fast-check runs (STRAP_FC_RUNS overrides, for longer local runs). */
function runs(n) {
  return Number(process.env.STRAP_FC_RUNS) || n;
}

module.exports = {
  runs,
  fc,
  graphApi,
  P,
  byName,
  model,
  reachFrom,
  oracleNonTrivialSccs,
  oracleShortestCycleLength,
  naivePlan,
  specsArb,
  builtByReference,
};
