#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in server/out (built by `npm install` / `npm run build`).
require('../server/out/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`strap: internal error: ${err && err.stack || err}\n`); process.exitCode = 2; }
);
