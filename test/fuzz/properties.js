'use strict';
// The differential fuzz properties (run by worker.js under the watchdog).
const fc = require('fast-check');
const { mutatedDocument, baseDocument, edit } = require('./documents');
const { checkDocument, offsetsOf, analyzeOne, applyEdits, ROOT } = require('./checks');
const { fixAll } = require(require('node:path').join(__dirname, '../../server/out/core/fixes/fix-all.js'));
const OUT = require('node:path').join(__dirname, '../../server/out/core');
const { parseDocument } = require(`${OUT}/document/parsed-document.js`);
const { reparseDocument } = require(`${OUT}/document/incremental.js`);

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
// STRAP_FUZZ_DUMP=<file>: a hang's input is written there whole (see runner.js).
const show = (text) => JSON.stringify(text.length > 1500 && !process.env.STRAP_FUZZ_DUMP ? text.slice(0, 1500) + '…' : text);

/** What a user sees of an analysis: every diagnostic with its place, message and fixes, and the plan. */
function seen(analysis, uri) {
  const w = analysis.workspaces[0];
  return {
    diagnostics: (analysis.diagnostics.get(uri) ?? []).map((d) => [d.code, d.severity, d.range.start, d.range.end, d.message, (d.fixes ?? []).map((f) => f.title)]),
    plan: w ? JSON.stringify({ waves: w.plan.waves, stuck: w.plan.stuck, unused: w.plan.unusedStages }) : '',
  };
}

/** The tree as plain data: kinds, ranges, keys and values of every node, and the problems. */
function tree(doc) {
  const nodes = [];
  const stack = doc.root ? [doc.root] : [];
  while (stack.length) {
    const n = stack.pop();
    nodes.push([n.kind, n.range.start, n.range.end, n.keyRange?.start, n.keyRange?.end, n.key, n.index, n.flow]);
    for (const c of n.children) stack.push(c);
  }
  return { value: JSON.stringify(doc.value), problems: doc.problems.map((p) => [p.code, p.range.start, p.range.end, p.message]), nodes };
}

function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

module.exports = {
  /** Any document through the core and every service at several offsets. */
  documents: (step, onCase) => fc.property(mutatedDocument, fc.array(fraction, { minLength: 2, maxLength: 4 }), (doc, fractions) => {
    onCase(`${doc.ext} after [${doc.mutations.join(', ')}]: ${show(doc.text)}`);
    checkDocument(`${ROOT}/bootstrap.${doc.ext}`, doc.text, offsetsOf(doc.text, fractions), step);
  }),

  /** Fix-all on a document with unbroken build cycles leaves none. */
  fixAllBreaksCycles: (step, onCase) => fc.property(baseDocument, (doc) => {
    const uri = `${ROOT}/bootstrap.${doc.ext}`;
    onCase(`${doc.ext}: ${show(doc.text)}`);
    step('analyze');
    const analysis = analyzeOne(uri, doc.text);
    if (!(analysis.diagnostics.get(uri) ?? []).some((d) => d.code === 'build-cycle')) return;
    step('fixAll');
    const fix = fixAll(analysis, uri);
    if (!fix) throw new Error(`no fix-all for a document with a build cycle: ${show(doc.text)}`);
    const fixed = applyEdits(doc.text, fix.changes.find((c) => c.uri === uri)?.edits ?? []);
    step('analyze the fixed text');
    const coldUri = `file:///cold/bootstrap.${doc.ext}`;
    const left = (analyze(coldUri, fixed).diagnostics.get(coldUri) ?? []).filter((d) => d.code === 'build-cycle');
    if (left.length) throw new Error(`fix-all left ${left.length} unbroken cycle(s) (${left[0].message}): ${show(doc.text)} -> ${show(fixed)}`);
  }),

  /** A chain of edits: the incremental path (parse and analysis) equals a cold one at every step. */
  incremental: (step, onCase) => fc.property(baseDocument, fc.array(edit, { minLength: 1, maxLength: 8 }), (doc, edits) => {
    const uri = `${ROOT}/bootstrap.${doc.ext}`;
    const coldUri = `file:///cold/bootstrap.${doc.ext}`;
    const cache = new Map();
    let text = doc.text;
    let parsed = parseDocument(uri, text);
    analyzeOne(uri, text, cache);
    const done = [];
    for (const e of edits) {
      const before = text;
      text = e.apply(text);
      done.push(e.name);
      onCase(`${doc.ext} after [${done.join(', ')}]: ${show(before)} -> ${show(text)}`);
      step('reparse');
      parsed = reparseDocument(parsed, text);
      step('cold parse');
      const cold = parseDocument(uri, text);
      step('compare trees');
      if (!equal(tree(parsed), tree(cold))) throw new Error(`the incremental parse differs from a cold parse after [${done.join(', ')}]: ${show(before)} -> ${show(text)}`);
      step('incremental analysis');
      const incremental = seen(analyzeOne(uri, text, cache), uri);
      step('cold analysis');
      const reference = seen(analyze(coldUri, text), coldUri);
      if (!equal(incremental, reference)) {
        throw new Error(`the incremental analysis differs from a cold one after [${done.join(', ')}]: ${show(before)} -> ${show(text)}\n incremental: ${JSON.stringify(incremental).slice(0, 1500)}\n cold: ${JSON.stringify(reference).slice(0, 1500)}`);
      }
    }
  }),
};

function analyze(uri, text) {
  const { analyze: run } = require(`${OUT}/analysis.js`);
  const { memoryProvider } = require(`${OUT}/workspace/source-provider.js`);
  return run([uri], memoryProvider({ [uri]: text }), { roots: ['file:///cold'] });
}
