'use strict';
// The work of parsing a big document, counted rather than timed (issue 18,
// point 9): what must grow with the document grows in proportion to it, and
// what need not grow does not. Counts are deterministic; times on a shared
// machine are not (the benchmark, bench/run.js, measures those).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const YAML = require('yaml');
const { parseDocument } = require('../../server/out/core/document/parsed-document.js');
const { generate } = require('../../bench/generate.js');

const URI = 'file:///big.bootstrap.yaml';
// 2 000 and 8 000 packages: about 0.3 and 1.3 MB, both parsed in chunks.
const SMALL = generate(2000).text;
const LARGE = generate(8000).text;

/** Runs `fn` with process.env a proxy of its copy that counts the reads; returns the count. */
function environmentReads(fn) {
  const real = process.env;
  let reads = 0;
  process.env = new Proxy({ ...real }, {
    get(target, name) {
      reads++;
      return target[name];
    },
  });
  try {
    fn();
  } finally {
    process.env = real;
  }
  return reads;
}

test('a parse reads process.env a fixed number of times, not once per token', () => {
  // yaml's parser looks up process.env.LOG_TOKENS for every token: a read
  // through Node's native environment was ~10 % of a big parse. strap reads
  // the real environment once per parse (to copy it), whatever the size.
  const small = environmentReads(() => parseDocument(URI, SMALL));
  const large = environmentReads(() => parseDocument(URI, LARGE));
  assert.equal(large, small, `environment reads: ${small} for 2 000 packages, ${large} for 8 000`);
  assert.ok(small <= Object.keys(process.env).length + 10, `${small} reads for ${Object.keys(process.env).length} variables`);
});

test('the environment is the same object after a parse, and yaml saw its values during it', () => {
  // LOG_TOKENS makes yaml's parser print every token: set, the copy must carry it.
  const before = process.env;
  const logged = [];
  const log = console.log;
  process.env.LOG_TOKENS = '1';
  console.log = (...args) => logged.push(args.join(' '));
  try {
    parseDocument(URI, 'version: 1\n');
  } finally {
    console.log = log;
    delete process.env.LOG_TOKENS;
  }
  assert.equal(process.env, before);
  assert.equal(process.env.LOG_TOKENS, undefined);
  assert.ok(logged.some((line) => line.includes('version')), `yaml logged: ${JSON.stringify(logged.slice(0, 5))}`);
});

test('every character of a big document is handed to yaml once, in chunks of bounded size', () => {
  const original = YAML.parseDocument;
  const measure = (text) => {
    const chunks = [];
    YAML.parseDocument = (source, options) => {
      chunks.push(source.length);
      return original(source, options);
    };
    try {
      parseDocument(URI, text);
    } finally {
      YAML.parseDocument = original;
    }
    return { total: chunks.reduce((a, b) => a + b, 0), count: chunks.length, biggest: Math.max(...chunks) };
  };
  const small = measure(SMALL);
  const large = measure(LARGE);
  // Once each: no second pass over the text (a declined chunked parse parses the whole text again).
  assert.equal(small.total, SMALL.length);
  assert.equal(large.total, LARGE.length);
  // Chunks stay small (their ASTs are garbage at once), so their number grows with the text.
  assert.ok(large.biggest < 64 * 1024 && small.biggest < 64 * 1024, `biggest chunks ${small.biggest}, ${large.biggest}`);
  const growth = large.count / small.count;
  const sizeGrowth = LARGE.length / SMALL.length;
  assert.ok(growth > sizeGrowth * 0.8 && growth < sizeGrowth * 1.25, `chunks ${small.count} → ${large.count} for ${sizeGrowth.toFixed(2)}× the text`);
});
