'use strict';
// Lays out the VS Code sample in a temp folder the way a user has it after
// `npm install` in client-samples/vscode, offline: the sample's files, the
// checkout around it (client-samples/vscode/../../: schema, bin, the built
// server/out, package.json and a link to the repository's node_modules, which
// the packaging bundles into the extension), and a node_modules
// holding the sample's dependencies copied from the repository's own
// node_modules (the closure of `dependencies`, plus the @types packages the
// compile needs). Also a minimal reader of a zip's central directory, to list
// what a .vsix holds.

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { ROOT, SAMPLES, run, describeRun } = require('./helpers');

const SAMPLE = path.join(SAMPLES, 'vscode');
const ROOT_MODULES = path.join(ROOT, 'node_modules');

/** The folder of package `name` as Node would resolve it from `fromDir` (inside the repository). */
function resolvePackageDir(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dir === path.dirname(dir)) return undefined;
    dir = path.dirname(dir);
  }
}

/** Copies the closure of `names` (resolved from the repository root) into `targetModules`. */
function copyClosure(names, targetModules, { optional = [] } = {}) {
  const seen = new Set();
  const missing = [];
  const visit = (name, fromDir, isOptional) => {
    const dir = resolvePackageDir(name, fromDir);
    if (!dir) {
      if (!isOptional) missing.push(name);
      return;
    }
    if (seen.has(dir)) return;
    seen.add(dir);
    const rel = path.relative(ROOT_MODULES, dir);
    if (rel.startsWith('..')) throw new Error(`${dir} is outside ${ROOT_MODULES}`);
    const dest = path.join(targetModules, rel);
    if (!fs.existsSync(dest)) fs.cpSync(dir, dest, { recursive: true, dereference: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
    for (const [dep, meta] of Object.entries(pkg.peerDependenciesMeta ?? {})) if (!meta.optional) visit(dep, dir, true);
  };
  for (const name of names) visit(name, ROOT, optional.includes(name));
  return { copied: [...seen].map((d) => path.relative(ROOT_MODULES, d)), missing };
}

/** Which of the tools the test needs are missing from the repository's node_modules. */
function missingTools() {
  return ['@vscode/vsce', 'vscode-languageclient', '@types/vscode', 'typescript'].filter((name) => !resolvePackageDir(name, ROOT));
}

/** The sample laid out in `dir`; returns the extension folder. */
function layOut(dir) {
  const ext = path.join(dir, 'client-samples', 'vscode');
  fs.cpSync(SAMPLE, ext, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|out|schema|strap-server)$/.test(src) && !src.endsWith('.vsix'),
  });
  fs.mkdirSync(path.join(dir, 'schema'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'schema', 'bootstrap.schema.json'), path.join(dir, 'schema', 'bootstrap.schema.json'));
  for (const part of ['bin', path.join('server', 'out')]) fs.cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(ROOT_MODULES, path.join(dir, 'node_modules'), 'dir');
  const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
  const closure = copyClosure([...Object.keys(pkg.dependencies ?? {}), '@types/vscode', '@types/node'], path.join(ext, 'node_modules'));
  if (closure.missing.length) throw new Error(`not in the repository's node_modules: ${closure.missing.join(', ')}`);
  return ext;
}

/** The entries of a zip file (name, sizes, data of the small ones on demand). */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    entries.push({
      name, size,
      data() {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + compressed);
        return method === 8 ? zlib.inflateRawSync(raw) : raw;
      },
      text() {
        return this.data().toString('utf8');
      },
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Packages the laid-out extension `ext` with @vscode/vsce into `vsix`, offline
 * (the network is pointed at a dead proxy). Resolves with the run's output;
 * rejects with it when packaging fails.
 */
async function packageVsix(ext, vsix) {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const dead = 'http://127.0.0.1:9';
  const r = await run(process.execPath, [vsce, 'package', '--allow-missing-repository', '--out', vsix], {
    cwd: ext,
    timeoutMs: 180_000,
    input: '',
    env: {
      ...process.env,
      // vscode:prepublish runs `tsc` through npm: the repository's.
      PATH: [path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      http_proxy: dead, https_proxy: dead, HTTP_PROXY: dead, HTTPS_PROXY: dead, no_proxy: '', NO_PROXY: '',
    },
  });
  if (r.code !== 0 || !fs.existsSync(vsix)) throw new Error(`vsce package failed\n${describeRun(r)}`);
  return vsix;
}

/** Extracts the entries under `prefix` (e.g. `extension/`) of a zip into `dir`. */
function unzipTo(file, prefix, dir) {
  for (const entry of zipEntries(file)) {
    if (!entry.name.startsWith(prefix) || entry.name.endsWith('/')) continue;
    const target = path.join(dir, entry.name.slice(prefix.length));
    if (!target.startsWith(dir + path.sep)) throw new Error(`${entry.name} escapes the folder`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, entry.data());
  }
}

module.exports = { SAMPLE, layOut, missingTools, packageVsix, zipEntries, unzipTo, resolvePackageDir, copyClosure };
