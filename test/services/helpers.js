'use strict';
// Shared helpers of the services tests: analyse in-memory files, place a
// cursor with the ‸ marker, slice the text under a returned range, apply edits.

const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');

const MARK = '‸';

/** Text without the marker and the marker's offset. */
function cursor(textWithMark) {
  const offset = textWithMark.indexOf(MARK);
  if (offset < 0) throw new Error('no cursor marker');
  return { text: textWithMark.slice(0, offset) + textWithMark.slice(offset + MARK.length), offset };
}

function analyzeFiles(files, extraFiles = []) {
  return analyze(Object.keys(files), memoryProvider(files, extraFiles), { roots: ['file:///ws'] });
}

/** Analyse one document whose text carries the cursor marker (plus other files). */
function at(uri, textWithMark, others = {}) {
  const { text, offset } = cursor(textWithMark);
  const analysis = analyzeFiles({ [uri]: text, ...others });
  return { analysis, text, offset, uri };
}

function slice(text, range) {
  return text.slice(range.start, range.end);
}

/** Apply offset edits (sorted, back to front). */
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].range.start < sorted[i - 1].range.end) throw new Error('overlapping edits');
  }
  let out = text;
  for (let i = sorted.length - 1; i >= 0; i--) out = out.slice(0, sorted[i].range.start) + sorted[i].newText + out.slice(sorted[i].range.end);
  return out;
}

/** The text an item produces, with snippet placeholders resolved to their defaults. */
function expandSnippet(s) {
  let out = s.replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1');
  for (let i = 0; i < 5; i++) out = out.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  return out.replace(/\$\d+/g, '').replace(/\\([\\$}])/g, '$1');
}

/** Apply a completion item to the text. */
function applyItem(text, item) {
  const insert = item.isSnippet ? expandSnippet(item.insertText) : item.insertText;
  return text.slice(0, item.range.start) + insert + text.slice(item.range.end);
}

module.exports = { MARK, cursor, analyzeFiles, at, slice, applyEdits, applyItem, expandSnippet, parseDocument };
