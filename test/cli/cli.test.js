'use strict';
// The built `strap` binary, spawned as a user would run it.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, strap, tempDir } = require('./helpers');

test('check on the examples folder: compiler-style lines, carets, a summary and exit 1', () => {
  const r = strap(['check', 'examples/']);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^examples\/broken\.bootstrap\.yaml:8:21 error build-cycle build-dependency cycle: gcc → glibc → gcc; no build-depends-bootstrapN breaks it$/m);
  assert.match(r.out, /^ 8 \|     build-depends: \[glibc, binutils\]\n   \|                     \^\^\^\^\^$/m);
  assert.match(r.out, /^4 errors, 0 warnings, \d+ notes in 9 files$/m);
});

test('check on a clean file exits 0', () => {
  const r = strap(['check', 'examples/env']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^0 errors, 0 warnings, 0 notes in 1 file$/m);
});

test('--format json prints LSP diagnostics with 0-based UTF-16 ranges', () => {
  const r = strap(['check', 'examples/broken.bootstrap.yaml', '--format', 'json']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.equal(json.files.length, 1);
  const [first] = json.files[0].diagnostics;
  assert.deepEqual(first.range, { start: { line: 7, character: 20 }, end: { line: 7, character: 25 } });
  assert.equal(first.severity, 1);
  assert.equal(first.code, 'build-cycle');
  assert.equal(first.source, 'strap');
  assert.equal(typeof first.data.pointer, 'string');
});

test('--format sarif is SARIF 2.1.0 with rules and regions', () => {
  const r = strap(['check', 'examples/broken.bootstrap.yaml', '--format', 'sarif']);
  const sarif = JSON.parse(r.out);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'strap');
  assert.ok(run.tool.driver.rules.some((rule) => rule.id === 'build-cycle'));
  const result = run.results[0];
  assert.equal(result.level, 'error');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'examples/broken.bootstrap.yaml');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 8, startColumn: 21, endLine: 8, endColumn: 26 });
});

test('--format github prints workflow annotations', () => {
  const r = strap(['check', 'examples/broken.bootstrap.yaml', '--format', 'github']);
  assert.match(r.out, /^::error file=examples\/broken\.bootstrap\.yaml,line=8,col=21,endLine=8,endColumn=26,title=strap build-cycle::build-dependency cycle: gcc → glibc → gcc; no build-depends-bootstrapN breaks it$/m);
});

test('usage errors exit 2 with a message', () => {
  assert.equal(strap(['check', '--format', 'xml']).code, 2);
  const missing = strap(['check', 'no/such/place']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no such file or folder 'no\/such\/place'/);
  assert.equal(strap(['frobnicate']).code, 2);
  assert.equal(strap(['plan']).code, 2);
  assert.equal(strap(['check', '--bogus']).code, 2);
});

test('every command has --help', () => {
  for (const command of ['init', 'check', 'plan', 'graph', 'fix', 'schema', 'import', 'report', 'lsp']) {
    const r = strap([command, '--help']);
    assert.equal(r.code, 0, command);
    assert.match(r.out, /^Usage: strap /, command);
  }
});

test('YAML and JSONC copies of the same content print the same diagnostics', () => {
  const pick = (file) => JSON.parse(strap(['check', file, '--format', 'json']).out).files[0].diagnostics.map((d) => [d.code, d.severity, d.message]);
  const yaml = pick('examples/distro.bootstrap.yaml');
  assert.ok(yaml.length > 0);
  assert.deepEqual(pick('examples/distro.bootstrap.jsonc'), yaml);
});

test('plan prints waves, rebuilds and coverage; json, mermaid and dot too', () => {
  const text = strap(['plan', 'examples/distro.bootstrap.yaml']);
  assert.equal(text.code, 0);
  assert.match(text.out, /wave 3 \(bootstrap build\): gcc \(stage 1\)/);
  assert.match(text.out, /1\. gcc — washes out gcc@stage1/);
  assert.match(text.out, /13 of 13 packages can be bootstrapped \(100%\)/);
  const json = JSON.parse(strap(['plan', 'examples/distro.bootstrap.yaml', '--format', 'json']).out);
  assert.deepEqual(json.waves[2].builds, [{ package: 'gcc', kind: 'stage', stage: 1 }]);
  assert.equal(json.coverage.percent, 100);
  assert.match(strap(['plan', 'examples/distro.bootstrap.yaml', '--format', 'mermaid']).out, /^flowchart LR/);
  assert.match(strap(['plan', 'examples/distro.bootstrap.yaml', '--format', 'dot']).out, /^digraph plan \{/);
  const stuck = strap(['plan', 'examples/broken.bootstrap.yaml']);
  assert.equal(stuck.code, 1);
  assert.match(stuck.out, /gcc: in an unbroken cycle with glibc/);
});

test('plan text names the first 20 stuck packages a package waits for, then how many more; its JSON names them all', () => {
  // 30 two-package cycles, and an app needing one member of each.
  const cycles = Array.from({ length: 30 }, (_, i) => `  a${i}:\n    build-depends: [b${i}]\n  b${i}:\n    build-depends: [a${i}]\n`).join('');
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), `version: 1\npackages:\n${cycles}  app:\n    build-depends: [${Array.from({ length: 30 }, (_, i) => `a${i}`).join(', ')}]\n`);
  const text = strap(['plan', 'bootstrap.yaml'], { cwd: dir });
  assert.equal(text.code, 1);
  const line = text.out.split('\n').find((l) => l.startsWith('  app: '));
  assert.match(line, /^  app: waits for stuck (a\d+, ){19}a\d+ and 10 more$/, text.out);
  const json = JSON.parse(strap(['plan', 'bootstrap.yaml', '--format', 'json'], { cwd: dir }).out);
  assert.equal(json.stuck.find((s) => s.package === 'app').blockedBy.length, 30);
});

test('plan lists a big cycle cluster once, not beside each member; its JSON names clusters by index', () => {
  // A tangle of 40 (each needs the next two) beside a two-package cycle and a package waiting for both.
  const ring = Array.from({ length: 40 }, (_, i) => `  p${i}:\n    build-depends: [p${(i + 1) % 40}, p${(i + 2) % 40}]\n`).join('');
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), `version: 1\npackages:\n${ring}  gcc:\n    build-depends: [glibc]\n  glibc:\n    build-depends: [gcc]\n  app:\n    build-depends: [p3, gcc]\n`);
  const text = strap(['plan', 'bootstrap.yaml'], { cwd: dir });
  assert.equal(text.code, 1);
  const clusterLines = text.out.split('\n').filter((l) => l.includes('unbroken cycle cluster'));
  assert.equal(clusterLines.length, 1, text.out);
  const listed = clusterLines[0].replace(/^.*cluster: /, '').split(', ');
  assert.deepEqual([...listed].sort(), Array.from({ length: 40 }, (_, i) => `p${i}`).sort());
  assert.match(clusterLines[0], /^  40 packages in one unbroken cycle cluster: /);
  // Every ring member is named once in the stuck section (app names the ones it waits for).
  const stuckSection = text.out.slice(text.out.indexOf('Stuck'), text.out.indexOf(' packages can be bootstrapped'));
  assert.equal(stuckSection.split(/\bp17\b/).length - 1, 1, stuckSection);
  assert.match(text.out, /gcc: in an unbroken cycle with glibc/);
  assert.match(text.out, /glibc: in an unbroken cycle with gcc/);
  const json = JSON.parse(strap(['plan', 'bootstrap.yaml', '--format', 'json'], { cwd: dir }).out);
  const cycleStuck = json.stuck.filter((s) => s.reason === 'cycle');
  assert.equal(cycleStuck.length, 42);
  for (const s of cycleStuck) {
    assert.equal(s.cycle, undefined);
    assert.ok(json.cycleClusters[s.cluster].includes(s.package), `${s.package} is in its cluster`);
  }
  assert.equal(json.cycleClusters.length, 2);
  assert.deepEqual(json.cycleClusters.map((c) => c.length).sort((a, b) => a - b), [2, 40]);
  assert.equal(json.stuck.find((s) => s.package === 'app').reason, 'depends-on-stuck');
});

test('graph --cycles prints only the cycles, as Mermaid or DOT', () => {
  const mermaid = strap(['graph', 'examples/broken.bootstrap.yaml', '--cycles', '--format', 'mermaid']).out;
  assert.match(mermaid, /^flowchart LR/);
  assert.match(mermaid, /\["cmake"\]/);
  assert.doesNotMatch(mermaid, /openssl/);
  const dot = strap(['graph', 'examples/distro.bootstrap.yaml']).out;
  assert.match(dot, /"gcc" -> "glibc" \[color=orange\];/);
  assert.match(dot, /"glibc" -> "tzdata" \[style=dotted\];/);
});

test('fix --write breaks every cycle, keeps comments, and check then passes', () => {
  const dir = tempDir();
  const file = path.join(dir, 'bootstrap.yaml');
  fs.copyFileSync(path.join(ROOT, 'examples/broken.bootstrap.yaml'), file);
  const printed = strap(['fix', 'bootstrap.yaml'], { cwd: dir });
  assert.equal(printed.code, 0);
  assert.equal(fs.readFileSync(file, 'utf8'), fs.readFileSync(path.join(ROOT, 'examples/broken.bootstrap.yaml'), 'utf8'), 'without --write nothing changes');
  const written = strap(['fix', 'bootstrap.yaml', '--write'], { cwd: dir });
  assert.equal(written.code, 0, written.err);
  const after = fs.readFileSync(file, 'utf8');
  assert.equal(after, printed.out);
  assert.match(after, /# cmake needs curl, curl builds with cmake/);
  assert.match(after, /build-depends-bootstrap1:/);
  const check = strap(['check', 'bootstrap.yaml'], { cwd: dir });
  assert.equal(check.code, 0, check.out);
});

test('a file with a BOM, CRLF and non-ASCII text maps columns in UTF-16 units and keeps its BOM on fix', () => {
  const dir = tempDir();
  const file = path.join(dir, 'bootstrap.yaml');
  fs.writeFileSync(file, '\ufeffversion: 1\r\npackages:\r\n  gcc: { description: "😀 é", build-depends: [glibc] }\r\n  glibc: { build-depends: [gcc] }\r\n');
  const json = JSON.parse(strap(['check', 'bootstrap.yaml', '--format', 'json'], { cwd: dir }).out);
  const first = json.files[0].diagnostics[0];
  const line = '  gcc: { description: "😀 é", build-depends: [glibc] }';
  assert.deepEqual(first.range.start, { line: 2, character: line.indexOf('glibc') });
  assert.equal(strap(['fix', 'bootstrap.yaml', '--write'], { cwd: dir }).code, 0);
  const after = fs.readFileSync(file, 'utf8');
  assert.equal(after.charCodeAt(0), 0xfeff);
  assert.ok(!/[^\r]\n/.test(after), 'line breaks stay CRLF');
  assert.equal(strap(['check', 'bootstrap.yaml'], { cwd: dir }).code, 0);
});

test('schema prints the bundled schema', () => {
  const r = strap(['schema']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out), JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/bootstrap.schema.json'), 'utf8')));
});

test('an include that leaves the root through a symlink is refused', () => {
  const dir = tempDir();
  const outside = tempDir();
  fs.writeFileSync(path.join(outside, 'secret.bootstrap.yaml'), 'version: 1\npackages:\n  secret: {}\n');
  fs.symlinkSync(path.join(outside, 'secret.bootstrap.yaml'), path.join(dir, 'link.bootstrap.yaml'));
  fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), 'version: 1\ninclude: [link.bootstrap.yaml]\npackages:\n  a: { build-depends: [secret] }\n');
  const r = strap(['check', 'bootstrap.yaml', '--format', 'json'], { cwd: dir });
  const codes = JSON.parse(r.out).files.flatMap((f) => f.diagnostics.map((d) => d.code));
  assert.deepEqual(codes.sort(), ['include-outside-root', 'unknown-package']);
});

test('--files GLOB: the globs of bootstrap files, for folder discovery and includes, as strap.files', () => {
  const dir = tempDir();
  try {
    const entry = 'version: 1\ninclude:\n  - deps/extra.yml\npackages:\n  app:\n    build-depends: [libextra]\n';
    fs.mkdirSync(path.join(dir, 'deps'));
    fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), entry);
    fs.writeFileSync(path.join(dir, 'deps/extra.yml'), 'version: 1\npackages:\n  libextra: {}\n');

    // Without --files: the include is refused on its item, and its package is unknown.
    const plain = strap(['check'], { cwd: dir });
    assert.equal(plain.code, 1, plain.err);
    assert.match(plain.out, /^bootstrap\.yaml:3:5 error include-not-bootstrap 'deps\/extra\.yml' is not a bootstrap file \(bootstrap\.\{yaml,yml,json,jsonc\} or \*\.bootstrap\.\{yaml,yml,json,jsonc\}\)$/m);
    assert.match(plain.out, /^bootstrap\.yaml:6:21 error unknown-package /m);
    assert.match(plain.out, /^2 errors, 0 warnings, 0 notes in 1 file$/m);

    // The default names plus deps/*.yml: both files found, the include accepted, clean.
    const both = strap(['check', '.', '--files', '{bootstrap,*.bootstrap}.{yaml,yml,json,jsonc}', '--files', '**/deps/*.yml', '--format', 'json'], { cwd: dir });
    assert.equal(both.code, 0, both.out + both.err);
    assert.deepEqual(JSON.parse(both.out).files.map((f) => [f.path, f.diagnostics.length]), [['bootstrap.yaml', 0], ['deps/extra.yml', 0]]);

    // Globs add to the default names (as strap.files does in the server): both files are found.
    const added = strap(['check', '--files', 'deps/*.yml'], { cwd: dir });
    assert.equal(added.code, 0, added.out + added.err);
    assert.match(added.out, /^0 errors, 0 warnings, 0 notes in 2 files$/m);
    // A named file is checked whatever its name; its include is matched relative to the root.
    const named = strap(['check', 'bootstrap.yaml', '--files', 'deps/*.yml'], { cwd: dir });
    assert.equal(named.code, 0, named.out + named.err);
    assert.match(named.out, /^0 errors, 0 warnings, 0 notes in 2 files$/m);
    const elsewhere = strap(['check', 'bootstrap.yaml', '--files', 'other/*.yml'], { cwd: dir });
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.out, /include-not-bootstrap 'deps\/extra\.yml' is not a bootstrap file \(bootstrap\.\{yaml,yml,json,jsonc\} or \*\.bootstrap\.\{yaml,yml,json,jsonc\}, or the configured globs: 'other\/\*\.yml'\)$/m);

    // plan, graph and fix take it too.
    assert.equal(strap(['plan', 'bootstrap.yaml'], { cwd: dir }).code, 1, 'app is stuck on an unknown package');
    const plan = strap(['plan', 'bootstrap.yaml', '--files', '**/deps/*.yml'], { cwd: dir });
    assert.equal(plan.code, 0, plan.out + plan.err);
    assert.match(plan.out, /2 of 2 packages can be bootstrapped \(100%\)/);
    assert.match(strap(['graph', 'bootstrap.yaml', '--files', '*.yml'], { cwd: dir }).out, /"app" -> "libextra"/);
    const fix = strap(['fix', 'bootstrap.yaml', '--files', '*.yml'], { cwd: dir });
    assert.equal(fix.code, 0, fix.err);
    assert.match(fix.err, /nothing to fix/);

    // Usage errors: an empty glob, globs that find nothing.
    assert.equal(strap(['check', '--files', ''], { cwd: dir }).code, 2);
    assert.equal(strap(['plan', 'bootstrap.yaml', '--files', ''], { cwd: dir }).code, 2);
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.writeFileSync(path.join(dir, 'empty', 'notes.yml'), 'x: 1\n');
    const none = strap(['check', '--files', '*.toml'], { cwd: path.join(dir, 'empty') });
    assert.equal(none.code, 2);
    assert.match(none.err, /no bootstrap files in folder '\.' \(bootstrap\.\{yaml,yml,json,jsonc\} or \*\.bootstrap\.\{yaml,yml,json,jsonc\}, or --files '\*\.toml'\)/);

    for (const command of ['check', 'plan', 'graph', 'fix']) assert.match(strap([command, '--help']).out, /--files GLOB/, command);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--files does not let an include leave the root through a symlink', () => {
  const dir = tempDir();
  const outside = tempDir();
  try {
    fs.writeFileSync(path.join(outside, 'secret.yml'), 'version: 1\npackages:\n  secret: {}\n');
    fs.symlinkSync(path.join(outside, 'secret.yml'), path.join(dir, 'link.yml'));
    fs.writeFileSync(path.join(dir, 'bootstrap.yaml'), 'version: 1\ninclude: [link.yml]\npackages:\n  a: { build-depends: [secret] }\n');
    const r = strap(['check', 'bootstrap.yaml', '--files', '*.yml', '--format', 'json'], { cwd: dir });
    const codes = JSON.parse(r.out).files.flatMap((f) => f.diagnostics.map((d) => d.code));
    assert.deepEqual(codes.sort(), ['include-outside-root', 'unknown-package']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
