'use strict';
// The heap policy: V8's own growth for small workspaces, a fixed lean growth
// (`strap lsp --heap-growth=PERCENT`) once the analysed text is big. Checked
// on the decision, on the flags it sets, and over the protocol (the server
// says so in its log when a big document opens and when it closes).

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { HeapPolicy, heapGrowthPercent, LEAN_HEAP_FROM_CHARS, DEFAULT_HEAP_GROWTH_PERCENT, COLLECT_EVERY_ANALYSES, COLLECT_WITHOUT_PAUSE_ANALYSES, IDLE_COLLECT_MS } = require('../../server/out/lsp/heap-policy.js');
const { LspClient, makeWorkspace } = require('./client');

const STRAP = path.join(__dirname, '..', '..', 'bin', 'strap.js');

describe('heap policy', { timeout: 60_000 }, () => {
  it('chooses the lean growth from the threshold on, and never when it is 0', () => {
    assert.equal(heapGrowthPercent(LEAN_HEAP_FROM_CHARS - 1, 30), 0);
    assert.equal(heapGrowthPercent(LEAN_HEAP_FROM_CHARS, 30), 30);
    assert.equal(heapGrowthPercent(50_000_000, 0), 0);
    assert.equal(DEFAULT_HEAP_GROWTH_PERCENT, 30);
  });

  it('sets the V8 flag only when the choice changes, and restores V8 own policy with 0', () => {
    const flags = [];
    const logs = [];
    const policy = new HeapPolicy(25, (m) => logs.push(m), (f) => flags.push(f));
    policy.afterAnalysis(1000);
    assert.deepEqual(flags, [], 'small: nothing to change');
    policy.afterAnalysis(LEAN_HEAP_FROM_CHARS + 10);
    policy.afterAnalysis(LEAN_HEAP_FROM_CHARS + 20);
    assert.deepEqual(flags, ['--heap-growing-percent=25']);
    assert.equal(policy.current, 25);
    policy.beforeAnalysis(0);
    assert.equal(policy.current, 25, 'before an analysis, the last one still counts (big files on disk are not open)');
    policy.afterAnalysis(10);
    assert.deepEqual(flags, ['--heap-growing-percent=25', '--heap-growing-percent=0']);
    assert.equal(policy.current, 0);
    assert.equal(logs.length, 2);
    assert.match(logs[0], /2\.5 MB of bootstrap text: the heap now grows by 25 %/);
  });

  it('collects in full after every third big analysis, in a pause, and never under V8 own policy', () => {
    // The stand-in for the timers: pending tasks with their delay, each with its cancel.
    const pending = new Set();
    const schedule = (delayMs, task) => {
      const entry = { task, delayMs };
      pending.add(entry);
      return () => pending.delete(entry);
    };
    const pause = () => { for (const entry of [...pending]) { pending.delete(entry); entry.task(); } };
    let collections = 0;
    const logs = [];
    const policy = new HeapPolicy(30, (m) => logs.push(m), () => {}, schedule, () => { collections++; });
    for (let i = 0; i < 5; i++) { policy.beforeAnalysis(1000); policy.afterAnalysis(1000); policy.afterPublish(); }
    assert.equal(pending.size, 0, 'small workspaces: V8 decides');
    const big = () => { policy.beforeAnalysis(LEAN_HEAP_FROM_CHARS); policy.afterAnalysis(LEAN_HEAP_FROM_CHARS); policy.afterPublish(); };
    for (let i = 0; i < COLLECT_EVERY_ANALYSES - 1; i++) big();
    assert.equal(pending.size, 0, 'not before the third big analysis');
    big();
    assert.equal(pending.size, 1, 'the third big analysis arms one collection');
    assert.equal([...pending][0].delayMs, IDLE_COLLECT_MS, 'for a pause');
    assert.equal(collections, 0, 'it waits for a pause, not run inside the publish');
    // Edits back to back: each analysis puts the collection off, each publish arms it again (one at a time).
    for (let i = COLLECT_EVERY_ANALYSES + 1; i < COLLECT_WITHOUT_PAUSE_ANALYSES; i++) {
      policy.beforeAnalysis(LEAN_HEAP_FROM_CHARS);
      assert.equal(pending.size, 0, 'an analysis starting cancels the waiting collection');
      policy.afterAnalysis(LEAN_HEAP_FROM_CHARS);
      policy.afterPublish();
      assert.equal(pending.size, 1);
    }
    // Without any pause, the fourth big analysis has it run on the next turn, whatever comes next.
    big();
    assert.equal(pending.size, 1);
    assert.equal([...pending][0].delayMs, 0, 'overdue: on the next turn');
    policy.beforeAnalysis(LEAN_HEAP_FROM_CHARS);
    assert.equal(pending.size, 1, 'an analysis does not put off an overdue collection');
    policy.afterAnalysis(LEAN_HEAP_FROM_CHARS);
    pause();
    assert.equal(collections, 1);
    // And in a pause.
    for (let i = 0; i < COLLECT_EVERY_ANALYSES; i++) big();
    assert.equal(collections, 1);
    pause();
    assert.equal(collections, 2, 'the pause runs it once');
    for (let i = 0; i < COLLECT_EVERY_ANALYSES - 1; i++) big();
    assert.equal(pending.size, 0, 'the count starts again after a collection');
    big();
    pause();
    assert.equal(collections, 3);
    assert.match(logs[0], /one after every 3 analyses, in a pause/);
    const off = new HeapPolicy(0, () => {}, () => {}, schedule, () => { collections++; });
    for (let i = 0; i < 6; i++) { off.afterAnalysis(LEAN_HEAP_FROM_CHARS * 4); off.afterPublish(); }
    assert.equal(pending.size, 0, '--heap-growth=0: no collections of ours');
    // A big workspace where each analysis redid only a small include group: little garbage, no collection.
    const small = new HeapPolicy(30, () => {}, () => {}, schedule, () => { collections++; });
    for (let i = 0; i < 2 * COLLECT_EVERY_ANALYSES; i++) { small.afterAnalysis(LEAN_HEAP_FROM_CHARS * 4, 1000); small.afterPublish(); }
    assert.equal(small.current, 30, 'the lean growth still holds for the big workspace');
    assert.equal(pending.size, 0, 'no collection after analyses that redid little');
    // A failing collection is logged, not thrown.
    const failing = new HeapPolicy(30, (m) => logs.push(m), () => {}, (_delay, task) => { task(); return () => {}; }, () => { throw new Error('boom'); });
    for (let i = 0; i < COLLECT_EVERY_ANALYSES; i++) { failing.afterAnalysis(LEAN_HEAP_FROM_CHARS); failing.afterPublish(); }
    assert.match(logs.at(-1), /full garbage collection failed: boom/);
  });

  it('reaches V8 full collection without --expose-gc', () => {
    // The default collector, in a node started without --expose-gc: it must run (and free the garbage).
    const script = `
      const { HeapPolicy, LEAN_HEAP_FROM_CHARS } = require(${JSON.stringify(require.resolve('../../server/out/lsp/heap-policy.js'))});
      const logs = [];
      const policy = new HeapPolicy(30, (m) => logs.push(m), () => {}, (_delay, task) => task());
      let garbage = Array.from({ length: 200000 }, (_, i) => ({ i }));
      const weak = new WeakRef(garbage);
      garbage = undefined;
      // A WeakRef holds its target until the job that made it ends: collect in a later one.
      setTimeout(() => {
        for (let i = 0; i < 3; i++) { policy.afterAnalysis(LEAN_HEAP_FROM_CHARS); policy.afterPublish(); }
        process.stdout.write(JSON.stringify({ collected: weak.deref() === undefined, gcExposed: typeof globalThis.gc, logs }));
      }, 0);`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.collected, true, 'the collection freed the garbage');
    assert.equal(out.gcExposed, 'undefined', 'gc is not left on the global object');
    assert.ok(!out.logs.some((m) => /failed/.test(m)), out.logs.join('\n'));
  });

  it('refuses a --heap-growth that is not a whole percentage', () => {
    for (const bad of ['--heap-growth=abc', '--heap-growth=-5', '--heap-growth=1000', '--heap-growth=']) {
      const run = spawnSync(process.execPath, [STRAP, 'lsp', '--stdio', bad], { encoding: 'utf8', input: '' });
      assert.equal(run.status, 2, bad);
      assert.match(run.stderr, /--heap-growth needs/, bad);
    }
    const help = spawnSync(process.execPath, [STRAP, 'lsp', '--help'], { encoding: 'utf8' });
    assert.match(help.stdout, /--heap-growth=PERCENT/);
  });

  it('switches to the lean growth when a big document opens, and back when it closes', async () => {
    const ws = makeWorkspace({});
    after(() => ws.remove());
    const client = new LspClient({ args: ['--heap-growth=40'], settings: { strap: { debounceMs: 0 } } });
    after(() => client.kill());
    await client.initialize({ rootDir: ws.dir });
    const uri = ws.uriOf('big.bootstrap.yaml');
    // Big in characters, cheap to analyse: one package with a long description.
    const text = `version: 1\npackages:\n  gcc:\n    description: "${'x'.repeat(LEAN_HEAP_FROM_CHARS)}"\n`;
    client.open(uri, text);
    const lean = await client.waitFor((m) => m.method === 'window/logMessage' && /grows by 40 %/.test(m.params.message), 20_000, 'the lean heap message');
    assert.match(lean.params.message, /^strap: 2\.5 MB of bootstrap text/);
    await client.waitForDiagnostics(uri);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.waitFor((m) => m.method === 'window/logMessage' && /grows as Node decides again/.test(m.params.message), 20_000, 'the default heap message');
    await client.shutdown();
  });
});
