'use strict';
// What must hold for any document, however broken: the core and every
// service answer without an exception, every range they return lies inside
// the document and on character boundaries (never between \r and \n, never
// inside a surrogate pair), and every quick fix keeps a parsing document
// parsing.
const OUT = require('node:path').join(__dirname, '../../server/out/core');
const { analyze } = require(`${OUT}/analysis.js`);
const { memoryProvider } = require(`${OUT}/workspace/source-provider.js`);
const { parseDocument } = require(`${OUT}/document/parsed-document.js`);
const S = require(`${OUT}/services/index.js`);
const { fixAll } = require(`${OUT}/fixes/fix-all.js`);

const ROOT = 'file:///ws';

class Violation extends Error {}

function fail(what, text) {
  throw new Violation(what + (text === undefined ? '' : ` (text ${JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text)})`));
}

/** Whether `offset` lies between two characters of `text` (and inside it). */
function isBoundary(text, offset) {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before === 13 && after === 10) return false;
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return false;
  return true;
}

function checkRange(text, range, what) {
  if (!range || typeof range.start !== 'number' || typeof range.end !== 'number') fail(`${what}: no range`);
  if (range.start > range.end) fail(`${what}: range ${range.start}-${range.end} is reversed`);
  if (!isBoundary(text, range.start) || !isBoundary(text, range.end)) {
    fail(`${what}: range ${range.start}-${range.end} is outside the ${text.length}-character document or splits a character: ${JSON.stringify(text.slice(Math.max(0, range.start - 3), range.end + 3))}`);
  }
}

function textOf(analysis, uri) {
  return analysis.documents.get(uri)?.text;
}

function checkEdits(analysis, changes, what) {
  for (const change of changes) {
    const text = textOf(analysis, change.uri);
    if (text === undefined) fail(`${what}: edits a file that was not analysed: ${change.uri}`);
    const sorted = [...change.edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    sorted.forEach((e, i) => {
      checkRange(text, e.range, `${what} edit`);
      if (typeof e.newText !== 'string') fail(`${what}: an edit without text`);
      if (i > 0 && e.range.start < sorted[i - 1].range.end) fail(`${what}: overlapping edits`);
    });
  }
}

function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

const SYNTAX = new Set(['syntax', 'duplicate-key', 'nesting-limit', 'alias-limit']);

function syntaxProblems(uri, text) {
  return parseDocument(uri, text).problems.filter((p) => SYNTAX.has(p.code));
}

/** Applies a fix; a document that parsed must still parse. */
function checkFixKeepsParsing(analysis, fix, what) {
  checkEdits(analysis, fix.changes, what);
  for (const change of fix.changes) {
    const before = textOf(analysis, change.uri);
    if (syntaxProblems(change.uri, before).length) continue;
    const after = applyEdits(before, change.edits);
    const problems = syntaxProblems(change.uri, after);
    if (problems.length) fail(`${what} '${fix.title}' breaks the document: ${problems[0].message} in ${JSON.stringify(after.slice(Math.max(0, problems[0].range.start - 40), problems[0].range.end + 40))}`, before);
  }
}

function analyzeOne(uri, text, cache) {
  return analyze([uri], memoryProvider({ [uri]: text }), { roots: [ROOT], cache });
}

/**
 * Runs the analysis and every service on one document; `step(label)` is called
 * before each call (the watchdog's progress). Throws a Violation, or whatever
 * the core threw.
 */
function checkDocument(uri, text, offsets, step = () => {}) {
  step('analyze');
  const analysis = analyzeOne(uri, text);
  for (const [u, list] of analysis.diagnostics) {
    const t = textOf(analysis, u);
    for (const d of list) {
      checkRange(t, d.range, `diagnostic ${d.code} '${d.message}'`);
      for (const r of d.related ?? []) checkRange(textOf(analysis, r.uri) ?? '', r.range, `related of ${d.code}`);
      step(`fixes of ${d.code}`);
      for (const fix of d.fixes ?? []) checkFixKeepsParsing(analysis, fix, `quick fix of ${d.code}`);
    }
  }
  step('fixAll');
  const all = fixAll(analysis, uri);
  if (all) checkFixKeepsParsing(analysis, all, 'fix-all');
  step('documentSymbols');
  const visit = (symbols) => symbols.forEach((s) => { checkRange(text, s.range, `symbol ${s.name}`); checkRange(text, s.selectionRange, `symbol ${s.name} name`); visit(s.children); });
  visit(S.documentSymbols(analysis, uri));
  step('workspaceSymbols');
  for (const s of S.workspaceSymbols(analysis, '')) checkRange(textOf(analysis, s.uri ?? s.location?.uri ?? uri) ?? text, s.range ?? s.location?.range, `workspace symbol ${s.name}`);
  step('foldingRanges');
  const lines = analysis.documents.get(uri).lineIndex.lineCount;
  for (const f of S.foldingRanges(analysis, uri)) if (!(f.startLine >= 0 && f.startLine < f.endLine && f.endLine < lines)) fail(`folding range ${f.startLine}-${f.endLine} of ${lines} lines`);
  step('inlayHints');
  for (const h of S.inlayHints(analysis, uri)) if (!isBoundary(text, h.offset)) fail(`inlay hint at ${h.offset}`);
  step('documentLinks');
  for (const l of S.documentLinks(analysis, uri)) checkRange(text, l.range, 'document link');
  for (const offset of offsets) {
    step(`complete@${offset}`);
    for (const item of S.complete(analysis, uri, offset).items) checkRange(text, item.range, `completion '${item.label}' at ${offset}`);
    step(`hover@${offset}`);
    const h = S.hover(analysis, uri, offset);
    if (h) checkRange(text, h.range, `hover at ${offset}`);
    step(`definition@${offset}`);
    for (const l of S.definition(analysis, uri, offset)) checkRange(textOf(analysis, l.uri) ?? '', l.range, `definition at ${offset}`);
    step(`references@${offset}`);
    for (const l of S.references(analysis, uri, offset, true)) checkRange(textOf(analysis, l.uri) ?? '', l.range, `reference at ${offset}`);
    step(`prepareRename@${offset}`);
    const p = S.prepareRename(analysis, uri, offset);
    if ('range' in p) {
      checkRange(text, p.range, `prepareRename at ${offset}`);
      step(`rename@${offset}`);
      const r = S.rename(analysis, uri, offset, 'renamed-pkg');
      if ('changes' in r) checkEdits(analysis, r.changes, `rename at ${offset}`);
    }
  }
  return analysis;
}

/** Offsets worth asking about: the ends, and a few spread over the text. */
function offsetsOf(text, fractions) {
  const out = new Set([0, text.length]);
  for (const f of fractions) out.add(Math.min(text.length, Math.floor(f * (text.length + 1))));
  return [...out];
}

module.exports = { Violation, isBoundary, checkRange, checkDocument, offsetsOf, analyzeOne, applyEdits, syntaxProblems, ROOT };
