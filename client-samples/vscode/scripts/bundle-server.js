'use strict';
// Copies the strap server into this extension (strap-server/), so that the
// packaged .vsix runs it with VS Code's own Node.js and nothing else installed:
// the checkout's bin/, server/out/ (built by `npm install` at the root),
// schema/, a package.json (the server reads its version there) and the
// server's production dependencies, copied from the checkout's node_modules
// with the nesting npm gave them. The server is plain JavaScript: no bundler.
// `vscode:prepublish` runs it, so `vsce package` always packs a fresh copy.

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TARGET = path.resolve(__dirname, '..', 'strap-server');
const ROOT_MODULES = path.join(ROOT, 'node_modules');

function fail(message) {
  console.error(`bundle-server: ${message}`);
  process.exit(1);
}

/** The folder of package `name` as Node resolves it from `fromDir` (inside the checkout). */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dir === path.dirname(dir)) return undefined;
  }
}

const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const main = path.join(ROOT, 'server', 'out', 'cli', 'main.js');
if (!fs.existsSync(main)) fail(`${main} is missing: run \`npm install\` (or \`npm run build\`) at the root of the checkout first`);

fs.rmSync(TARGET, { recursive: true, force: true });
fs.mkdirSync(TARGET, { recursive: true });
const copy = (from, to) => fs.cpSync(from, to, { recursive: true, dereference: true, filter: (src) => !src.endsWith('.map') });
copy(path.join(ROOT, 'bin'), path.join(TARGET, 'bin'));
copy(path.join(ROOT, 'server', 'out'), path.join(TARGET, 'server', 'out'));
copy(path.join(ROOT, 'schema'), path.join(TARGET, 'schema'));
for (const file of ['LICENSE', 'README.md']) {
  if (fs.existsSync(path.join(ROOT, file))) fs.copyFileSync(path.join(ROOT, file), path.join(TARGET, file));
}
const { name, version, license, dependencies } = rootPackage;
fs.writeFileSync(path.join(TARGET, 'package.json'), `${JSON.stringify({ name, version, license, private: true, bin: { strap: 'bin/strap.js' }, dependencies }, null, 2)}\n`);

// The closure of the production dependencies (optional ones when present).
const seen = new Set();
const missing = [];
const visit = (dep, fromDir, optional) => {
  const dir = resolvePackageDir(dep, fromDir);
  if (!dir) {
    if (!optional) missing.push(dep);
    return;
  }
  if (seen.has(dir)) return;
  seen.add(dir);
  const rel = path.relative(ROOT_MODULES, dir);
  if (rel.startsWith('..')) fail(`${dir} is outside ${ROOT_MODULES}`);
  // Its own nested node_modules come through the visits below, as needed.
  fs.cpSync(dir, path.join(TARGET, 'node_modules', rel), { recursive: true, dereference: true, filter: (src) => src !== path.join(dir, 'node_modules') && !src.endsWith('.map') });
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const d of Object.keys(pkg.dependencies ?? {})) visit(d, dir, false);
  for (const d of Object.keys(pkg.optionalDependencies ?? {})) visit(d, dir, true);
};
for (const dep of Object.keys(dependencies ?? {})) visit(dep, ROOT, false);
if (missing.length) fail(`not in ${ROOT_MODULES}: ${missing.join(', ')} (run \`npm install\` at the root of the checkout)`);
console.log(`bundle-server: strap ${version} and ${seen.size} packages copied into ${path.relative(process.cwd(), TARGET) || TARGET}`);
