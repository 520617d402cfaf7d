'use strict';
// Tests of schema/bootstrap.schema.json: it compiles with ajv in strict mode,
// the SPEC §1 example validates, and every constraint rejects exactly where it
// should (asserting instancePath and keyword so losing a constraint fails).

const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const YAML = require('yaml');

const SCHEMA_PATH = path.join(__dirname, '..', '..', 'schema', 'bootstrap.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));

function makeAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addKeyword('markdownDescription');
  return ajv;
}

const validate = makeAjv().compile(schema);

// The example of SPEC §1, verbatim.
const SPEC_EXAMPLE_YAML = `
# bootstrap.yaml
version: 1
include:                         # more files joining the same graph (paths relative to this file)
  - toolchain.bootstrap.yaml

python: { min: "3.8" }           # the oldest interpreter the early stages must run on

envs:                            # environments that stages create and run in
  main: { manager: venv, path: "@/venv/", python: "3.11", requirements: "@/conf/env_packages.txt" }

stages:                          # an ordered chain: document order is run order, each starts the next
  find_conf:
    interpreter: host            # the interpreter is not known yet
    imports: stdlib
  init_venv:
    interpreter: host
    imports: stdlib              # the venv may not exist yet
    creates-env: main
    writes: create               # none | create | modify
    state-file: "@/conf/init_venv.state.json"   # present: re-use; absent: re-initialise
  install_deps:
    interpreter: env:main
    imports: stdlib
    installs: [pyyaml, jsonschema]
  generate_files:
    interpreter: env:main
    imports: [pyyaml]
    run: "@/exe/gen_files.py"    # a custom script overriding the default stage
    handoff: exec                # exec | inline | pipe (how the previous stage starts this one)
    require-clean-tree: true
    writes: modify
    generates: "@/gen/config/"   # generated files live under @/gen/<origin>/
    on-change: { restart-from: init_venv }
    debug: { port: 5678, break-on-start: false }
    env-vars: { APP_MODE: bootstrap }

packages:                        # name -> package
  gcc:
    build-depends: [glibc, binutils]
    build-depends-bootstrap1: [binutils]   # reduced set for a stage-1 build
  glibc:
    build-depends: [gcc]
    depends: [tzdata]            # runtime: needed wherever glibc is installed
  binutils: {}
  tzdata: {}
  pyyaml: {}
  jsonschema: {}
`;

/** A fresh deep copy of the SPEC example, to be mutated by one test. */
function example() {
  return YAML.parse(SPEC_EXAMPLE_YAML);
}

function fmt(errors) {
  return JSON.stringify(errors, null, 2);
}

function assertValid(data) {
  const ok = validate(data);
  assert.equal(ok, true, `expected valid, got errors: ${fmt(validate.errors)}`);
}

/**
 * Asserts that `data` is invalid with an error of `keyword` at `instancePath`
 * (and, if given, with the extra fields of `more`, e.g. params or propertyName).
 * Every other error must lie on the same branch of the document (at, above or
 * below `instancePath`), so a constraint that fires somewhere unrelated is
 * caught too.
 */
function assertError(data, instancePath, keyword, more = {}) {
  const ok = validate(data);
  assert.equal(ok, false, `expected invalid at ${instancePath} (${keyword}), but it validated`);
  const errors = validate.errors;
  const hit = errors.find(
    (e) =>
      e.instancePath === instancePath &&
      e.keyword === keyword &&
      Object.entries(more).every(([k, v]) =>
        k === 'params'
          ? Object.entries(v).every(([pk, pv]) => JSON.stringify(e.params[pk]) === JSON.stringify(pv))
          : e[k] === v,
      ),
  );
  assert.ok(hit, `no ${keyword} error at "${instancePath}" ${JSON.stringify(more)} in ${fmt(errors)}`);
  for (const e of errors) {
    const p = e.instancePath;
    // The error itself, its descendants, or an ancestor (e.g. the "if" that
    // reports a failed "then") -- never a sibling branch of the document.
    const related = p === instancePath || p.startsWith(instancePath + '/') || instancePath.startsWith(p + '/');
    assert.ok(related, `unexpected error outside ${instancePath}: ${fmt(e)}`);
  }
  return hit;
}

describe('bootstrap.schema.json', () => {
  test('is draft 2020-12 with the strap $id, a title and a description', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.$id, 'https://strap.dev/schema/bootstrap.schema.json');
    assert.equal(typeof schema.title, 'string');
    assert.equal(typeof schema.description, 'string');
  });

  test('compiles with ajv in strict mode', () => {
    assert.doesNotThrow(() => makeAjv().compile(schema));
  });

  test('has the documented $defs', () => {
    for (const name of ['packageName', 'packageList', 'stageName', 'envName', 'pythonVersion', 'path', 'relativePath', 'envVarName', 'package', 'stage', 'env']) {
      assert.ok(schema.$defs[name], `missing $defs/${name}`);
    }
  });

  test('every property schema has a title and a description', () => {
    const problems = [];
    const seen = new Set();

    // Property names mentioned inside if/then/else restate (or forbid) keys of
    // the enclosing schema: they must be documented there instead.
    function checkConditional(sub, owner, where) {
      if (!sub || typeof sub !== 'object') return;
      for (const key of Object.keys(sub.properties || {})) {
        if (!owner.properties || !(key in owner.properties)) {
          problems.push(`${where}/properties/${key}: not declared in the enclosing properties`);
        }
      }
      for (const k of ['allOf', 'anyOf', 'oneOf']) (sub[k] || []).forEach((s, i) => checkConditional(s, owner, `${where}/${k}/${i}`));
    }

    function checkDocumented(s, where) {
      if (s === false || s === true) {
        problems.push(`${where}: boolean schema in main properties`);
        return;
      }
      if (typeof s.title !== 'string' || s.title === '') problems.push(`${where}: no title`);
      if (typeof s.description !== 'string' || s.description === '') problems.push(`${where}: no description`);
    }

    function walk(s, where) {
      if (!s || typeof s !== 'object' || seen.has(s)) return;
      seen.add(s);
      if (Array.isArray(s)) {
        s.forEach((x, i) => walk(x, `${where}/${i}`));
        return;
      }
      for (const group of ['properties', 'patternProperties', '$defs']) {
        for (const [k, sub] of Object.entries(s[group] || {})) {
          checkDocumented(sub, `${where}/${group}/${k}`);
        }
      }
      for (const [k, v] of Object.entries(s)) {
        if (k === 'examples' || k === 'default' || k === 'const' || k === 'enum') continue;
        if (k === 'if' || k === 'then' || k === 'else') {
          checkConditional(v, s, `${where}/${k}`);
          continue;
        }
        if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
          v.forEach((x, i) => {
            for (const c of ['if', 'then', 'else']) checkConditional(x[c], s, `${where}/${k}/${i}/${c}`);
          });
          continue;
        }
        walk(v, `${where}/${k}`);
      }
    }

    checkDocumented(schema, '#');
    walk(schema, '#');
    assert.deepEqual(problems, []);
  });

  test('the SPEC §1 example validates', () => {
    assertValid(example());
  });

  test('the SPEC §1 example as JSON with a $schema key validates', () => {
    const d = { $schema: 'https://strap.dev/schema/bootstrap.schema.json', ...example() };
    assertValid(JSON.parse(JSON.stringify(d)));
  });

  test('a minimal file validates', () => {
    assertValid({ version: 1 });
    assertValid({ version: 1, envs: {}, stages: {}, packages: {} });
  });
});

describe('top level', () => {
  test('an unknown top-level key is rejected', () => {
    const d = example();
    d.pakages = {};
    assertError(d, '', 'additionalProperties', { params: { additionalProperty: 'pakages' } });
  });

  test('version is required', () => {
    const d = example();
    delete d.version;
    assertError(d, '', 'required', { params: { missingProperty: 'version' } });
  });

  test('version 2 is rejected', () => {
    const d = example();
    d.version = 2;
    assertError(d, '/version', 'const');
  });

  test('version "1" (a string) is rejected', () => {
    const d = example();
    d.version = '1';
    assertError(d, '/version', 'const');
  });

  test('include items must be unique', () => {
    const d = example();
    d.include = ['a.bootstrap.yaml', 'a.bootstrap.yaml'];
    assertError(d, '/include', 'uniqueItems');
  });

  test('include paths must be relative', () => {
    for (const p of ['/etc/bootstrap.yaml', 'C:/x/bootstrap.yaml', 'https://example.com/bootstrap.yaml', '']) {
      const d = example();
      d.include = ['ok.bootstrap.yaml', p];
      assertError(d, '/include/1', 'pattern');
    }
    const d = example();
    d.include = ['../common/bootstrap.yaml', 'sub/x.bootstrap.json', '@/toolchain.bootstrap.yaml'];
    assertValid(d);
  });

  test('include must be an array', () => {
    const d = example();
    d.include = 'toolchain.bootstrap.yaml';
    assertError(d, '/include', 'type');
  });

  test('python.min must be a version string', () => {
    let d = example();
    d.python.min = '3';
    assertError(d, '/python/min', 'pattern');
    d = example();
    d.python.min = 3.8;
    assertError(d, '/python/min', 'type');
    d = example();
    d.python.min = '3.8.10';
    assertValid(d);
  });

  test('python requires min and allows nothing else', () => {
    let d = example();
    d.python = {};
    assertError(d, '/python', 'required', { params: { missingProperty: 'min' } });
    d = example();
    d.python.max = '3.12';
    assertError(d, '/python', 'additionalProperties', { params: { additionalProperty: 'max' } });
  });
});

describe('packages', () => {
  test('a bad package name (key) is rejected', () => {
    const d = example();
    d.packages['-gcc'] = {};
    assertError(d, '/packages', 'pattern', { propertyName: '-gcc' });
  });

  test('a bad package name in build-depends is rejected', () => {
    const d = example();
    d.packages.gcc['build-depends'] = ['glibc', 'bin utils'];
    assertError(d, '/packages/gcc/build-depends/1', 'pattern');
  });

  test('a bad package name in depends is rejected', () => {
    const d = example();
    d.packages.glibc.depends = ['.tzdata'];
    assertError(d, '/packages/glibc/depends/0', 'pattern');
  });

  test('a bad package name in build-depends-bootstrapN is rejected', () => {
    const d = example();
    d.packages.gcc['build-depends-bootstrap1'] = ['_binutils'];
    assertError(d, '/packages/gcc/build-depends-bootstrap1/0', 'pattern');
  });

  test('Debian-like names are accepted', () => {
    const d = example();
    d.packages['libstdc++6'] = { depends: ['gcc-14-base', 'python3.11'] };
    d.packages['gcc-14-base'] = {};
    d.packages['python3.11'] = {};
    d.packages['0ad'] = {};
    assertValid(d);
  });

  test('non-unique build-depends is rejected', () => {
    const d = example();
    d.packages.gcc['build-depends'] = ['glibc', 'binutils', 'glibc'];
    assertError(d, '/packages/gcc/build-depends', 'uniqueItems');
  });

  test('non-unique depends is rejected', () => {
    const d = example();
    d.packages.glibc.depends = ['tzdata', 'tzdata'];
    assertError(d, '/packages/glibc/depends', 'uniqueItems');
  });

  test('build-depends-bootstrap0 is rejected', () => {
    const d = example();
    d.packages.gcc['build-depends-bootstrap0'] = ['binutils'];
    assertError(d, '/packages/gcc', 'additionalProperties', { params: { additionalProperty: 'build-depends-bootstrap0' } });
  });

  test('build-depends-bootstrap01 (leading zero) is rejected', () => {
    const d = example();
    d.packages.gcc['build-depends-bootstrap01'] = ['binutils'];
    assertError(d, '/packages/gcc', 'additionalProperties', { params: { additionalProperty: 'build-depends-bootstrap01' } });
  });

  test('build-depends-bootstrap12 is accepted', () => {
    const d = example();
    d.packages.gcc['build-depends-bootstrap12'] = ['binutils'];
    d.packages.gcc['build-depends-bootstrap2'] = [];
    assertValid(d);
  });

  test('build-depends-bootstrapN items must be unique', () => {
    const d = example();
    d.packages.gcc['build-depends-bootstrap3'] = ['binutils', 'binutils'];
    assertError(d, '/packages/gcc/build-depends-bootstrap3', 'uniqueItems');
  });

  test('an unknown package key is rejected', () => {
    const d = example();
    d.packages.gcc['build_depends'] = ['glibc'];
    assertError(d, '/packages/gcc', 'additionalProperties', { params: { additionalProperty: 'build_depends' } });
  });

  test('prebuilt must be a boolean; description a string', () => {
    let d = example();
    d.packages.binutils.prebuilt = 'yes';
    assertError(d, '/packages/binutils/prebuilt', 'type');
    d = example();
    d.packages.binutils.description = 42;
    assertError(d, '/packages/binutils/description', 'type');
    d = example();
    d.packages.binutils = { prebuilt: true, description: 'seed binary' };
    assertValid(d);
  });

  test('a package must be an object', () => {
    const d = example();
    d.packages.binutils = null;
    assertError(d, '/packages/binutils', 'type');
  });
});

describe('stages', () => {
  test('an unknown stage key is rejected', () => {
    const d = example();
    d.stages.find_conf.interpeter = 'host';
    assertError(d, '/stages/find_conf', 'additionalProperties', { params: { additionalProperty: 'interpeter' } });
  });

  test('a bad stage name is rejected', () => {
    const d = example();
    d.stages['1st'] = {};
    assertError(d, '/stages', 'pattern', { propertyName: '1st' });
  });

  test('a bad enum value for writes is rejected', () => {
    const d = example();
    d.stages.init_venv.writes = 'append';
    assertError(d, '/stages/init_venv/writes', 'enum');
  });

  test('a bad enum value for handoff is rejected', () => {
    const d = example();
    d.stages.generate_files.handoff = 'fork';
    assertError(d, '/stages/generate_files/handoff', 'enum');
  });

  test('every handoff and writes value is accepted', () => {
    for (const handoff of ['exec', 'inline', 'pipe']) {
      for (const writes of ['none', 'create', 'modify']) {
        const d = example();
        Object.assign(d.stages.generate_files, { handoff, writes });
        assertValid(d);
      }
    }
  });

  test('interpreter "env:main" is accepted, "venv" is rejected', () => {
    let d = example();
    d.stages.install_deps.interpreter = 'env:main';
    assertValid(d);
    d = example();
    d.stages.install_deps.interpreter = 'selected';
    assertValid(d);
    for (const bad of ['venv', 'env:', 'env:1x', 'Host', 'env: main']) {
      d = example();
      d.stages.install_deps.interpreter = bad;
      assertError(d, '/stages/install_deps/interpreter', 'pattern');
    }
  });

  test('imports: "foo" is rejected', () => {
    const d = example();
    d.stages.find_conf.imports = 'foo';
    assertError(d, '/stages/find_conf/imports', 'enum');
  });

  test('imports: [pyyaml] and "env" are accepted', () => {
    const d = example();
    d.stages.install_deps.imports = ['pyyaml'];
    d.stages.generate_files.imports = 'env';
    assertValid(d);
  });

  test('imports: a bad package name, a duplicate, a number are rejected', () => {
    let d = example();
    d.stages.generate_files.imports = ['pyyaml', 'py yaml'];
    assertError(d, '/stages/generate_files/imports/1', 'pattern');
    d = example();
    d.stages.generate_files.imports = ['pyyaml', 'pyyaml'];
    assertError(d, '/stages/generate_files/imports', 'uniqueItems');
    d = example();
    d.stages.generate_files.imports = 3;
    assertError(d, '/stages/generate_files/imports', 'type');
  });

  test('installs items must be package names', () => {
    const d = example();
    d.stages.install_deps.installs = ['pyyaml', 'json schema'];
    assertError(d, '/stages/install_deps/installs/1', 'pattern');
  });

  test('creates-env must be an env name', () => {
    const d = example();
    d.stages.init_venv['creates-env'] = 'env:main';
    assertError(d, '/stages/init_venv/creates-env', 'pattern');
  });

  test('debug.port 0 is rejected', () => {
    const d = example();
    d.stages.generate_files.debug.port = 0;
    assertError(d, '/stages/generate_files/debug/port', 'minimum');
  });

  test('debug.port 70000 is rejected', () => {
    const d = example();
    d.stages.generate_files.debug.port = 70000;
    assertError(d, '/stages/generate_files/debug/port', 'maximum');
  });

  test('debug.port must be an integer; 1 and 65535 are accepted', () => {
    let d = example();
    d.stages.generate_files.debug.port = 5678.5;
    assertError(d, '/stages/generate_files/debug/port', 'type');
    for (const port of [1, 65535]) {
      d = example();
      d.stages.generate_files.debug.port = port;
      assertValid(d);
    }
  });

  test('an unknown debug key is rejected; break-on-start must be a boolean', () => {
    let d = example();
    d.stages.generate_files.debug.host = 'localhost';
    assertError(d, '/stages/generate_files/debug', 'additionalProperties', { params: { additionalProperty: 'host' } });
    d = example();
    d.stages.generate_files.debug['break-on-start'] = 'no';
    assertError(d, '/stages/generate_files/debug/break-on-start', 'type');
  });

  test('on-change needs a valid restart-from and nothing else', () => {
    let d = example();
    d.stages.generate_files['on-change'] = {};
    assertError(d, '/stages/generate_files/on-change', 'required', { params: { missingProperty: 'restart-from' } });
    d = example();
    d.stages.generate_files['on-change'].then = 'exit';
    assertError(d, '/stages/generate_files/on-change', 'additionalProperties', { params: { additionalProperty: 'then' } });
    d = example();
    d.stages.generate_files['on-change']['restart-from'] = 'init venv';
    assertError(d, '/stages/generate_files/on-change/restart-from', 'pattern');
  });

  test('a bad env-var name is rejected', () => {
    const d = example();
    d.stages.generate_files['env-vars'] = { APP_MODE: 'bootstrap', app_mode: 'x' };
    assertError(d, '/stages/generate_files/env-vars', 'pattern', { propertyName: 'app_mode' });
  });

  test('an env-var value must be a string', () => {
    const d = example();
    d.stages.generate_files['env-vars'] = { DEBUG: 1 };
    assertError(d, '/stages/generate_files/env-vars/DEBUG', 'type');
  });

  test('require-clean-tree must be a boolean; paths must be non-empty strings', () => {
    let d = example();
    d.stages.generate_files['require-clean-tree'] = 'yes';
    assertError(d, '/stages/generate_files/require-clean-tree', 'type');
    for (const key of ['run', 'state-file', 'generates']) {
      d = example();
      d.stages.generate_files[key] = '';
      assertError(d, `/stages/generate_files/${key}`, 'minLength');
      d = example();
      d.stages.generate_files[key] = ['@/x'];
      assertError(d, `/stages/generate_files/${key}`, 'type');
    }
  });
});

describe('envs', () => {
  test('a bad manager is rejected', () => {
    const d = example();
    d.envs.main.manager = 'conda';
    assertError(d, '/envs/main/manager', 'enum');
  });

  test('manager is required', () => {
    const d = example();
    delete d.envs.main.manager;
    assertError(d, '/envs/main', 'required', { params: { missingProperty: 'manager' } });
  });

  test('a bad env name is rejected', () => {
    const d = example();
    d.envs['main env'] = { manager: 'venv' };
    assertError(d, '/envs', 'pattern', { propertyName: 'main env' });
  });

  test('an unknown env key is rejected', () => {
    const d = example();
    d.envs.main.pythn = '3.11';
    assertError(d, '/envs/main', 'additionalProperties', { params: { additionalProperty: 'pythn' } });
  });

  test('env python must be a version string', () => {
    const d = example();
    d.envs.main.python = '3.x';
    assertError(d, '/envs/main/python', 'pattern');
  });

  test('channels under venv is rejected', () => {
    const d = example();
    d.envs.main.channels = ['conda-forge'];
    assertError(d, '/envs/main/channels', 'false schema');
  });

  test('channels under system is rejected', () => {
    const d = example();
    d.envs.sys = { manager: 'system', channels: ['conda-forge'] };
    assertError(d, '/envs/sys/channels', 'false schema');
  });

  test('channels under micromamba is accepted', () => {
    const d = example();
    d.envs.mamba = { manager: 'micromamba', path: '@/mamba/', python: '3.12', requirements: '@/conf/env.yaml', channels: ['conda-forge', 'bioconda'] };
    assertValid(d);
  });

  test('channels must be unique non-empty strings', () => {
    let d = example();
    d.envs.mamba = { manager: 'micromamba', channels: ['conda-forge', 'conda-forge'] };
    assertError(d, '/envs/mamba/channels', 'uniqueItems');
    d = example();
    d.envs.mamba = { manager: 'micromamba', channels: [''] };
    assertError(d, '/envs/mamba/channels/0', 'minLength');
  });

  test('path under system is rejected', () => {
    const d = example();
    d.envs.sys = { manager: 'system', path: '@/venv/' };
    assertError(d, '/envs/sys/path', 'false schema');
  });

  test('requirements under system is rejected', () => {
    const d = example();
    d.envs.sys = { manager: 'system', requirements: '@/conf/env_packages.txt' };
    assertError(d, '/envs/sys/requirements', 'false schema');
  });

  test('a system env with python only is accepted', () => {
    const d = example();
    d.envs.sys = { manager: 'system', python: '3.11' };
    assertValid(d);
  });

  test('a missing or unknown manager does not also report manager-specific keys', () => {
    const d = example();
    d.envs.x = { manager: 'conda', channels: ['conda-forge'], path: '@/x/' };
    validate(d);
    assert.deepEqual(
      validate.errors.filter((e) => e.instancePath.startsWith('/envs/x')).map((e) => [e.instancePath, e.keyword]),
      [['/envs/x/manager', 'enum']],
    );
  });
});
