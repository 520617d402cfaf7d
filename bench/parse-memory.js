#!/usr/bin/env node
'use strict';
// Peak memory and time of parseDocument on big YAML files: the chunked parse
// (server/src/core/document/chunked-parse.ts) beside the whole-text parse.
// Each measurement runs in its own child process, so `maxRSS` is the peak of
// that one parse (plus the text and Node itself); the modes alternate run by
// run, and the ratios are what to read (the machine is shared and noisy).
//
//   node bench/parse-memory.js [--runs N] [--size 30000] [--chunk BYTES] [--threads] [files...]
//
// --threads: instead, the chunked parse on the calling thread alone beside the
// same parse with one helper thread (parallel-pieces.ts), wall and CPU time
// (CPU of both threads) and peak memory.
//
// Without files: the generated document of --size packages and, if present,
// the Debian import (.cache/debian/bookworm.bootstrap.yaml). Build first.

const path = require('path');
const fs = require('fs');
const os = require('os');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'server', 'out', 'core', 'document');

function child() {
  const [file, mode, chunk] = process.argv.slice(3);
  const text = fs.readFileSync(file, 'utf8');
  const { parseDocument } = require(path.join(OUT, 'parsed-document.js'));
  const { parseYamlChunked } = require(path.join(OUT, 'chunked-parse.js'));
  const baseline = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let doc;
  let chunked = false;
  if (mode === 'one-thread' || mode === 'two-threads') {
    const { DEFAULT_CHUNK_SIZE } = require(path.join(OUT, 'chunked-parse.js'));
    const pieces = parseYamlChunked(text, chunk ? Number(chunk) : DEFAULT_CHUNK_SIZE, mode === 'two-threads' ? 1 : 0);
    chunked = !!pieces;
    doc = pieces ? { root: pieces.root, problems: [] } : { root: null, problems: [] };
  } else if (mode === 'chunked' && chunk) {
    // A given chunk size: the chunked function itself (it must not decline here).
    const pieces = parseYamlChunked(text, Number(chunk));
    chunked = !!pieces;
    doc = pieces ? { root: pieces.root, problems: [] } : parseDocument('file:///bench.bootstrap.yaml', text, 'yaml', false);
  } else {
    doc = parseDocument('file:///bench.bootstrap.yaml', text, 'yaml', mode === 'chunked');
    chunked = mode === 'chunked';
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  let nodes = 0;
  const stack = doc.root ? [doc.root] : [];
  while (stack.length) {
    const n = stack.pop();
    nodes++;
    for (const c of n.children) stack.push(c);
  }
  process.stdout.write(JSON.stringify({ ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS, baselineKb: Math.round(baseline / 1024), nodes, problems: doc.problems.length, chunked }));
}

function measure(file, mode, chunk) {
  const r = spawnSync(process.execPath, [__filename, '--child', file, mode, chunk ?? ''], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const runs = Number(opt('--runs', 3));
  const size = Number(opt('--size', 30000));
  const chunk = opt('--chunk', undefined);
  const threads = args.includes('--threads');
  if (threads) args.splice(args.indexOf('--threads'), 1);
  let files = args;
  if (files.length === 0) {
    const { generate } = require('./generate');
    const generated = path.join(os.tmpdir(), `strap-parse-memory-${size}.bootstrap.yaml`);
    fs.writeFileSync(generated, generate(size, { seed: 1 }).text);
    files = [generated];
    const debian = path.join(ROOT, '.cache', 'debian', 'bookworm.bootstrap.yaml');
    if (fs.existsSync(debian)) files.push(debian);
    else console.log(`(no ${path.relative(ROOT, debian)}: the Debian file is skipped)`);
  }
  if (threads) {
    console.log(`runs per mode: ${runs} (median), alternating; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log('file                                  MB  1 thread ms  2 threads ms  ratio  1 thread CPU ms  2 threads CPU ms  ratio  1 thread MB  2 threads MB');
    for (const file of files) {
      const one = [];
      const two = [];
      for (let i = 0; i < runs; i++) {
        one.push(measure(file, 'one-thread', chunk));
        two.push(measure(file, 'two-threads', chunk));
      }
      if (one[0].nodes !== two[0].nodes) console.log(`${file}: node counts differ (${one[0].nodes} vs ${two[0].nodes})`);
      const m = (rs, k) => median(rs.map((r) => r[k]));
      const mb = fs.statSync(file).size / 1e6;
      console.log(
        `${path.basename(file).padEnd(36)} ${mb.toFixed(1).padStart(4)} ${m(one, 'ms').toFixed(0).padStart(12)} ${m(two, 'ms').toFixed(0).padStart(13)} ${(m(two, 'ms') / m(one, 'ms')).toFixed(2).padStart(6)}` +
          ` ${m(one, 'cpuMs').toFixed(0).padStart(16)} ${m(two, 'cpuMs').toFixed(0).padStart(17)} ${(m(two, 'cpuMs') / m(one, 'cpuMs')).toFixed(2).padStart(6)}` +
          ` ${(m(one, 'maxRssKb') / 1024).toFixed(0).padStart(12)} ${(m(two, 'maxRssKb') / 1024).toFixed(0).padStart(13)}`,
      );
    }
    return;
  }
  console.log(`runs per mode: ${runs} (median)${chunk ? `, chunk size ${chunk}` : ''}`);
  console.log('file                                  MB   whole ms  chunked ms  time ratio   whole MB  chunked MB  peak ratio  nodes');
  for (const file of files) {
    const whole = [];
    const chunked = [];
    for (let i = 0; i < runs; i++) {
      whole.push(measure(file, 'whole'));
      chunked.push(measure(file, 'chunked', chunk));
    }
    if (!chunked.every((r) => r.chunked)) console.log(`${file}: the chunked parse declined`);
    if (whole[0].nodes !== chunked[0].nodes) console.log(`${file}: node counts differ (${whole[0].nodes} vs ${chunked[0].nodes})`);
    const wMs = median(whole.map((r) => r.ms));
    const cMs = median(chunked.map((r) => r.ms));
    const wMb = median(whole.map((r) => r.maxRssKb)) / 1024;
    const cMb = median(chunked.map((r) => r.maxRssKb)) / 1024;
    const mb = fs.statSync(file).size / 1e6;
    console.log(
      `${path.basename(file).padEnd(36)} ${mb.toFixed(1).padStart(4)} ${wMs.toFixed(0).padStart(10)} ${cMs.toFixed(0).padStart(11)} ${(cMs / wMs).toFixed(2).padStart(11)}` +
      ` ${wMb.toFixed(0).padStart(10)} ${cMb.toFixed(0).padStart(11)} ${(cMb / wMb).toFixed(2).padStart(11)}  ${whole[0].nodes}`,
    );
  }
}

if (process.argv[2] === '--child') child();
else main();
