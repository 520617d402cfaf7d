'use strict';
// Fix-all's second count and its bound: the dropped entries (fewest-drops.ts,
// drop-order-search.ts) and the lower bound on them (drop-lower-bound.ts).
// - The bound never exceeds the optimum, found by brute force over every set of
//   annotations (any package, any of its build sets as the base, any entries
//   left out) checked with the naive plan of helpers.js.
// - The block moves and kicks of the order search never raise the cost the
//   sifting reaches, and their choice still makes every member available.
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, naivePlan, runs, graphApi, specsArb, builtByReference } = require('./helpers');
const { siftOrder } = require('../../server/out/core/graph/drop-order-search');

const allBuilt = (specs) => {
  const plan = naivePlan(specs, true);
  return [...plan.m.decl.keys()].every((x) => plan.avail.has(x));
};

/** Every way to annotate one package: none, or a base (build-depends or a bootstrap set) without a non-empty subset of its declared entries. */
function optionsOf(spec, declared) {
  const bases = [{ list: spec.buildDepends, stage: -1 }, ...spec.bootstrap.map((b, i) => ({ list: b.buildDepends, stage: i }))];
  const out = [];
  for (const b of bases) {
    const entries = [...new Set(b.list)].filter((x) => declared.has(x));
    for (let mask = 1; mask < 1 << entries.length; mask++) {
      const drop = new Set(entries.filter((_, i) => mask & (1 << i)));
      out.push({ base: b, drop, cost: drop.size });
    }
  }
  return out;
}

function applyOption(spec, o) {
  const list = o.base.list.filter((x) => !o.drop.has(x));
  const bootstrap = spec.bootstrap.map((b) => ({ stage: b.stage, buildDepends: b.buildDepends.slice() }));
  if (o.base.stage >= 0) bootstrap[o.base.stage].buildDepends = list;
  else bootstrap.push({ stage: bootstrap.reduce((m, b) => Math.max(m, b.stage), 0) + 1, buildDepends: list });
  return { ...spec, bootstrap };
}

/** Whether some set of annotations dropping at most `budget` entries builds everything. */
function fixWithin(specs, budget) {
  const declared = new Set(specs.map((s) => s.name));
  const options = specs.map((s) => optionsOf(s, declared));
  const current = specs.slice();
  const search = (i, left) => {
    if (i === specs.length) return allBuilt(current);
    if (search(i + 1, left)) return true;
    for (const o of options[i]) {
      if (o.cost > left) continue;
      current[i] = applyOption(specs[i], o);
      const ok = search(i + 1, left - o.cost);
      current[i] = specs[i];
      if (ok) return true;
    }
    return false;
  };
  return search(0, budget);
}

test('property: the lower bound on dropped entries never exceeds the brute-force optimum', () => {
  let cases = 0;
  let positive = 0;
  let tight = 0;
  fc.assert(fc.property(specsArb({ maxPackages: 5 }), (specs) => {
    if (allBuilt(specs)) return;
    const fix = graphApi.planFixAll(specs);
    assert.ok(fix.resolved);
    assert.ok(allBuilt(graphApi.applyAnnotations(specs, fix.annotations)));
    if (fix.dropped > 5) return; // the brute force grows fast
    let optimum = 0;
    while (!fixWithin(specs, optimum)) optimum++;
    assert.ok(optimum <= fix.dropped, `the brute force found nothing within fix-all's ${fix.dropped}`);
    assert.ok(fix.droppedLowerBound <= optimum, `bound ${fix.droppedLowerBound} > optimum ${optimum}: ${JSON.stringify(specs)}`);
    cases++;
    if (fix.droppedLowerBound > 0) positive++;
    if (fix.droppedLowerBound === optimum) tight++;
  }), { numRuns: runs(150) });
  console.log(`# ${cases} graphs; bound above 0 on ${positive}, equal to the optimum on ${tight}`);
  assert.ok(cases > 40 && positive > 30, `${cases} graphs, ${positive} with a positive bound`);
});

/** Whether every package gets built at the binary level (helpers.js, builtByReference). */
function allBuiltWithBinaries(specs) {
  const avail = builtByReference(specs);
  return specs.every((s) => avail.has(s.name));
}

test('property: with binaries (per-binary closures, prebuilt binaries, provides), the bound never exceeds the brute-force optimum', () => {
  const pk = ['p', 'q', 'r', 's'];
  const bins = { p: ['p1', 'p2'], q: ['q1', 'q2'], r: ['r1'], s: [] };
  const flat = Object.values(bins).flat();
  const all = [...pk, ...flat, 'v'];
  const arb = fc.record({
    bd: fc.array(fc.subarray(all, { minLength: 1, maxLength: 3 }), { minLength: 4, maxLength: 4 }),
    bs: fc.array(fc.option(fc.subarray(all, { maxLength: 2 }), { freq: 4 }), { minLength: 4, maxLength: 4 }),
    dep: fc.array(fc.subarray(all, { maxLength: 2 }), { minLength: 5, maxLength: 5 }),
    pre: fc.array(fc.integer({ min: 0, max: 5 }).map((x) => x === 0), { minLength: 5, maxLength: 5 }),
  });
  let cases = 0;
  let positive = 0;
  fc.assert(fc.property(arb, ({ bd, bs, dep, pre }) => {
    const specs = pk.map((name, i) => ({
      name,
      buildDepends: bd[i],
      depends: [],
      bootstrap: bs[i] ? [{ stage: 1, buildDepends: bs[i] }] : [],
      prebuilt: false,
      binaries: bins[name].map((b) => ({ name: b, depends: dep[flat.indexOf(b)].filter((x) => x !== b), ...(pre[flat.indexOf(b)] ? { prebuilt: true } : {}), ...(b === 'q1' ? { provides: ['v'] } : {}) })),
    }));
    if (allBuiltWithBinaries(specs)) return;
    const fix = graphApi.planFixAll(specs);
    assert.ok(allBuiltWithBinaries(graphApi.applyAnnotations(specs, fix.annotations)), 'fix-all builds everything');
    if (fix.dropped > 5) return;
    // Every annotation: any package, any of its build sets as the base, any non-empty subset of its names left out.
    const options = specs.map((sp) => {
      const bases = [{ list: sp.buildDepends, stage: -1 }, ...sp.bootstrap.map((b, i) => ({ list: b.buildDepends, stage: i }))];
      const out = [];
      for (const b of bases) {
        const entries = [...new Set(b.list)];
        for (let mask = 1; mask < 1 << entries.length; mask++) out.push({ base: b, drop: new Set(entries.filter((_, j) => mask & (1 << j))) });
      }
      return out;
    });
    const within = (budget) => {
      const current = specs.slice();
      const search = (i, left) => {
        if (i === specs.length) return allBuiltWithBinaries(current);
        if (search(i + 1, left)) return true;
        for (const o of options[i]) {
          if (o.drop.size > left) continue;
          current[i] = applyOption(specs[i], o);
          const ok = search(i + 1, left - o.drop.size);
          current[i] = specs[i];
          if (ok) return true;
        }
        return false;
      };
      return search(0, budget);
    };
    let optimum = 0;
    while (!within(optimum)) optimum++;
    assert.ok(optimum <= fix.dropped);
    assert.ok(fix.droppedLowerBound <= optimum, `bound ${fix.droppedLowerBound} > optimum ${optimum}: ${JSON.stringify(specs)}`);
    cases++;
    if (fix.droppedLowerBound > 0) positive++;
  }), { numRuns: runs(120) });
  console.log(`# ${cases} graphs with binaries; bound above 0 on ${positive}`);
  assert.ok(cases > 30 && positive > 20, `${cases} graphs, ${positive} with a positive bound`);
});

test('the bound counts cycles that share a package but not an entry', () => {
  // a needs b and c through separate entries, both of which need a: two entries must go.
  const P = (name, bd) => ({ name, buildDepends: bd, depends: [], bootstrap: [], prebuilt: false });
  const fix = graphApi.planFixAll([P('a', ['b', 'c']), P('b', ['a']), P('c', ['a'])]);
  assert.equal(fix.droppedLowerBound, 2);
  assert.equal(fix.dropped, 2);
  // One entry (b) leads to both cycles: b's closure holds c. One entry suffices, and the bound is 1.
  const one = graphApi.planFixAll([{ ...P('a', ['b']) }, { ...P('b', ['a']), depends: ['c'] }, P('c', ['a'])]);
  assert.equal(one.dropped, 1);
  assert.equal(one.droppedLowerBound, 1);
});

/** Random order problems: per member one or two sets of entries, each entry's needs (or null: never available). */
function orderProblem() {
  return fc.integer({ min: 2, max: 14 }).chain((k) => {
    const entry = fc.oneof({ weight: 12, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: k - 1 }), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(null) });
    const set = fc.array(entry, { minLength: 1, maxLength: 4 });
    const member = fc.record({ sets: fc.array(set, { minLength: 1, maxLength: 2 }), full: fc.option(set, { freq: 3 }) });
    return fc.tuple(fc.constant(k), fc.tuple(...Array.from({ length: k }, () => member)), fc.shuffledSubarray(Array.from({ length: k }, (_, i) => i), { minLength: k, maxLength: k }));
  }).map(([k, members, start]) => ({
    k,
    // As fewest-drops.ts builds them: the bases an annotation may start from (usable as they are), and
    // for a member with bootstrap sets, its full build-depends (usable, not a base).
    setsOf: members.map(({ sets, full }) => {
      const needs = (s) => s.map((r) => (r ? Int32Array.from(r).sort() : null));
      const out = sets.map((s) => ({ needs: needs(s), free: true, annotatable: true }));
      if (full) out.push({ needs: needs(full), free: true, annotatable: false });
      return out;
    }),
    start,
  }));
}

/** Checks a choice independently: propagation makes every member available, and its cost is as stated. */
function checkChoice(p, choice, weight) {
  const avail = new Uint8Array(p.k);
  const ok = (r) => r !== null && Array.from(r).every((y) => avail[y]);
  let changed = true;
  while (changed) {
    changed = false;
    for (let x = 0; x < p.k; x++) {
      if (avail[x]) continue;
      const si = choice.set[x];
      const ready = si < 0
        ? p.setsOf[x].some((s) => s.free && s.needs.every(ok))
        : p.setsOf[x][si].needs.every((r, e) => !choice.keep[x][e] || ok(r));
      if (ready) (avail[x] = 1, (changed = true));
    }
  }
  assert.ok(avail.every((a) => a === 1), 'the choice leaves a member unavailable');
  let cost = 0;
  for (let x = 0; x < p.k; x++) if (choice.set[x] >= 0) cost += weight + choice.keep[x].filter((v) => !v).length;
  assert.equal(cost, choice.cost);
}

test('property: block moves and kicks never raise the order search\'s cost, and their choice resolves every member', () => {
  let lower = 0;
  let kickedLower = 0;
  let cases = 0;
  fc.assert(fc.property(orderProblem(), (p) => {
    const sifted = siftOrder(p.k, p.setsOf, p.start, 1, 1e7, 0);
    const moved = siftOrder(p.k, p.setsOf, p.start, 1, 1e7, 500);
    const kicked = siftOrder(p.k, p.setsOf, p.start, 1, 1e7, 500, 2);
    checkChoice(p, sifted, 1);
    checkChoice(p, moved, 1);
    checkChoice(p, kicked, 1);
    assert.ok(moved.cost <= sifted.cost, `${moved.cost} > ${sifted.cost}`);
    assert.ok(kicked.cost <= moved.cost, `kicks: ${kicked.cost} > ${moved.cost}`);
    if (moved.cost < sifted.cost) lower++;
    if (kicked.cost < moved.cost) kickedLower++;
    cases++;
  }), { numRuns: runs(300) });
  console.log(`# ${cases} order problems; block moves lowered the cost on ${lower}, kicks on ${kickedLower} more`);
});
