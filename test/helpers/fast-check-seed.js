'use strict';
// Property tests run with a fixed seed, so a CI run is repeatable: a failure
// found once is found again. STRAP_FC_SEED=<n> explores another part of the
// input space (STRAP_FC_SEED=random: a new seed each run); fast-check prints
// the seed and the shrunk counterexample of any failure.
const fc = require('fast-check');

const requested = process.env.STRAP_FC_SEED;
const seed = requested === 'random' ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(requested ?? 20261204);
if (!Number.isInteger(seed)) throw new Error(`STRAP_FC_SEED must be an integer or 'random', not '${requested}'`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

module.exports = { seed };
