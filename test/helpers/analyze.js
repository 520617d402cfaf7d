'use strict';
// Test helper: analyse in-memory files and show each diagnostic as
// `code: text under its range`, so tests assert what a user would see.
const { analyze } = require('../../server/out/core/analysis.js');
const { memoryProvider } = require('../../server/out/core/workspace/source-provider.js');

const ROOT = 'file:///ws';

function analyzeFiles(files, { extraFiles = [], entry, severity, globs, cycleErrorsPerCluster } = {}) {
  const withRoot = Object.fromEntries(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  const uris = entry ? [`${ROOT}/${entry}`] : Object.keys(withRoot);
  return analyze(uris, memoryProvider(withRoot, extraFiles.map((f) => `${ROOT}/${f}`)), { roots: [ROOT], severity, files: globs, cycleErrorsPerCluster });
}

/** `[code, textUnderRange]` pairs of one file, in document order. */
function shown(analysis, name) {
  const uri = `${ROOT}/${name}`;
  const doc = analysis.documents.get(uri);
  return (analysis.diagnostics.get(uri) ?? []).map((d) => [d.code, doc.text.slice(d.range.start, d.range.end)]);
}

function diagnosticsOf(analysis, name, code) {
  return (analysis.diagnostics.get(`${ROOT}/${name}`) ?? []).filter((d) => !code || d.code === code);
}

module.exports = { ROOT, analyzeFiles, shown, diagnosticsOf };
