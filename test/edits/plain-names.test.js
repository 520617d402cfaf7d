'use strict';
// The quick answer for names (isPlainName) must never call a string plain
// that the parse-based check would quote: it is compared with that check on
// every context, over names of its own alphabet, the core schema's words in
// every case, and strings with the characters that make a scalar not plain.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { isPlainName, plainByParsing, yamlPlainOk } = require('../../server/out/core/edits/serialize');

const CONTEXTS = ['block-value', 'flow-value', 'block-key', 'flow-key'];
const CHARS = [...'abzAZ09._+-', ':', '#', ' ', ',', '[', '{', '"', "'", '&', '*', '!', '|', '>', '%', '@', '`', '?', '~'];
const WORDS = ['null', 'Null', 'NULL', 'nUll', 'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'yes', 'No', 'on', 'Off', 'y', 'n',
  'nan', 'NaN', 'inf', 'Infinity', 'e5', 'E10', 'x1', 'o17', 'b101', 'libc6', 'g++-12', 'python3.11', 'libstdc++6'];

const candidate = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
  fc.tuple(fc.constantFrom(...WORDS), fc.array(fc.constantFrom(...CHARS), { maxLength: 3 })).map(([w, cs]) => w + cs.join('')),
);

describe('plain names', () => {
  it('a name isPlainName passes reads back unchanged in every context', () => {
    fc.assert(fc.property(candidate, (s) => {
      if (!isPlainName(s)) return;
      for (const context of CONTEXTS) assert.equal(plainByParsing(s, context), true, `'${s}' in ${context}`);
    }), { numRuns: 3000 });
  });

  it('the core schema words are left to the parse, and quoted', () => {
    for (const word of ['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']) {
      assert.equal(isPlainName(word), false, word);
      for (const context of CONTEXTS) assert.equal(yamlPlainOk(word, context), false, `${word} in ${context}`);
    }
    for (const name of ['libc6', 'g++-12', 'python3.11', 'nUll', 'yes']) assert.equal(isPlainName(name), true, name);
  });
});
