'use strict';
// Fix-all's second objective, the dropped entries (fewest-drops.ts): after the
// packages are chosen, each bootstrap set leaves out only what it must. Checked
// against the brute-force plan of test/graph/helpers.js on small random graphs:
// the fix leaves nothing never built, putting back any one dropped entry leaves
// something never built (no entry is dropped for nothing), and the fix never
// drops more than leaving out every entry not yet available (the progress fix's
// rule, what fix-all did before) would.
const test = require('node:test');
const assert = require('node:assert/strict');
const { fc, naivePlan, runs, graphApi } = require('./helpers');

function tangled({ min = 4, max = 12 } = {}) {
  return fc.integer({ min, max }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `p${i}`);
    const pkg = fc.record({
      bd: fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 5 }),
      d: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...names), { maxLength: 2 }) }),
      bs1: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...names), { maxLength: 3 }) }),
      pre: fc.integer({ min: 0, max: 15 }).map((x) => x === 0),
    });
    return fc.tuple(...names.map(() => pkg)).map((arr) => arr.map((r, i) => ({
      name: names[i], buildDepends: r.bd, depends: r.d, bootstrap: r.bs1 ? [{ stage: 1, buildDepends: r.bs1 }] : [], prebuilt: r.pre,
    })));
  });
}

const allBuilt = (specs) => {
  const plan = naivePlan(specs, true);
  return [...plan.m.decl.keys()].every((x) => plan.avail.has(x));
};

/** The old rule's drop count: each chosen package leaves out every entry not yet available, fewest first. */
function dropEverythingUnavailable(specs, packages) {
  let current = specs;
  let dropped = 0;
  const left = new Set(packages);
  while (left.size > 0) {
    const plan = naivePlan(current, true);
    const installable = (q) => {
      const seen = new Set([q]);
      const stack = [q];
      while (stack.length) {
        const x = stack.pop();
        if (plan.m.decl.has(x) && !plan.avail.has(x)) return false;
        for (const y of plan.m.decl.get(x)?.depends ?? []) if (!seen.has(y)) (seen.add(y), stack.push(y));
      }
      return true;
    };
    let best = null;
    for (const p of left) {
      if (plan.avail.has(p)) continue;
      const s = current.find((x) => x.name === p);
      const base = s.bootstrap.length ? s.bootstrap[0].buildDepends : s.buildDepends;
      const out = [...new Set(base)].filter((q) => !installable(q));
      if (!best || out.length < best.out.length) best = { p, base, out };
    }
    if (!best) break;
    left.delete(best.p);
    dropped += best.out.length;
    current = current.map((s) => (s.name === best.p ? { ...s, bootstrap: [{ stage: s.bootstrap[0]?.stage ?? 1, buildDepends: best.base.filter((q) => !best.out.includes(q)) }] } : s));
  }
  return dropped;
}

test('property: fix-all drops no entry it could keep, and never more than leaving out everything not yet available', () => {
  let cases = 0;
  let readds = 0;
  let fewer = 0;
  fc.assert(fc.property(tangled(), (specs) => {
    if (allBuilt(specs)) return;
    const fix = graphApi.planFixAll(specs);
    assert.equal(fix.resolved, true);
    const fixed = graphApi.applyAnnotations(specs, fix.annotations);
    assert.ok(allBuilt(fixed), 'fix-all leaves nothing never built');
    assert.equal(fix.dropped, fix.annotations.reduce((n, a) => n + a.remove.length, 0));
    for (const a of fix.annotations) {
      for (const r of a.remove) {
        // Put r back into that set (in its place in the list the set was derived from).
        const spec = specs.find((s) => s.name === a.package);
        const from = a.update ? spec.bootstrap.find((b) => b.stage === a.stage).buildDepends : spec.buildDepends;
        const back = { ...a, newSet: from.filter((x) => a.newSet.includes(x) || x === r) };
        const others = fix.annotations.filter((x) => x !== a);
        assert.ok(!allBuilt(graphApi.applyAnnotations(specs, [...others, back])), `${a.package} could keep ${r}: ${JSON.stringify(fix.annotations)}`);
        readds++;
      }
    }
    const old = dropEverythingUnavailable(specs, fix.annotations.map((a) => a.package));
    assert.ok(fix.dropped <= old, `${fix.dropped} dropped, the old rule ${old}`);
    if (fix.dropped < old) fewer++;
    cases++;
  }), { numRuns: runs(80) });
  console.log(`# ${cases} graphs, ${readds} dropped entries put back; fewer drops than the old rule on ${fewer}`);
  assert.ok(cases > 40 && readds > 60, `${cases} graphs, ${readds} entries`);
});

test('a chosen package keeps an entry that another chosen package\'s set makes available', () => {
  // a → b, c; b → c, d; c → a, b, d; d → b. Two annotations are needed (a and b).
  // b must go without c and d; a need not go without b: b's stage-1 build comes
  // first. Leaving out of each set everything not yet available, a first, drops
  // b from a's set as well (4 entries); 3 suffice.
  const P = (name, bd) => ({ name, buildDepends: bd, depends: [], bootstrap: [], prebuilt: false });
  const specs = [P('a', ['b', 'c']), P('b', ['c', 'd']), P('c', ['a', 'b', 'd']), P('d', ['b'])];
  const fix = graphApi.planFixAll(specs);
  assert.deepEqual(fix.annotations.map((x) => [x.package, x.remove]), [['a', ['c']], ['b', ['c', 'd']]]);
  assert.equal(fix.dropped, 3);
  assert.ok(allBuilt(graphApi.applyAnnotations(specs, fix.annotations)));
});

test('property: with its search work spent, fix-all still breaks every cycle', () => {
  // searchWork 0: only the first pass over the chosen packages runs (what a
  // giant cluster gets once SEARCH_WORK is spent); the result must still
  // resolve everything, and the searches the budget cuts must be what makes
  // the difference on some graphs (or the budget would bound nothing).
  let cases = 0;
  let differ = 0;
  let firstPassHelps = 0;
  fc.assert(fc.property(tangled({ min: 6, max: 14 }), (specs) => {
    if (allBuilt(specs)) return;
    const cut = graphApi.planFixAll(specs, undefined, { searchWork: 0 });
    assert.equal(cut.resolved, true);
    assert.ok(allBuilt(graphApi.applyAnnotations(specs, cut.annotations)), 'a cut search leaves nothing never built');
    assert.equal(cut.dropped, cut.annotations.reduce((n, a) => n + a.remove.length, 0));
    // With little work for the first pass (a cluster whose runtime closures
    // hold most of it), it fits the moves in groups; with none, in one group,
    // to what is available without any move. Every cycle is still broken.
    for (const firstPassWork of [200, 0]) {
      const grouped = graphApi.planFixAll(specs, undefined, { searchWork: 0, firstPassWork });
      assert.equal(grouped.resolved, true);
      assert.ok(allBuilt(graphApi.applyAnnotations(specs, grouped.annotations)), `first pass in groups (${firstPassWork}) leaves nothing never built`);
      assert.equal(grouped.dropped, grouped.annotations.reduce((n, a) => n + a.remove.length, 0));
      if (firstPassWork === 0 && grouped.dropped > cut.dropped) firstPassHelps++;
    }
    const full = graphApi.planFixAll(specs);
    if (JSON.stringify(full.annotations) !== JSON.stringify(cut.annotations)) differ++;
    cases++;
  }), { numRuns: runs(80) });
  console.log(`# ${cases} graphs; the full search chose otherwise on ${differ}; moves one at a time dropped fewer than one group on ${firstPassHelps}`);
  assert.ok(cases > 40 && differ > 0, `${cases} graphs, ${differ} chosen otherwise by the full search`);
  assert.ok(firstPassHelps > 0, 'grouping the first pass changes something');
});
