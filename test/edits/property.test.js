'use strict';
// Property test: random bootstrap-like documents in random styles (YAML
// block/flow, JSON pretty/compact, CRLF, BOM, comments), random sequences of
// edits. Every result parses without problems and has exactly the value the
// operations should produce; comments, line breaks and the BOM survive.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
require('../helpers/fast-check-seed');
const { edits, parseDocument } = require('./helpers');
const { joinPointer } = require('../../server/out/core/document/json-pointer');

const NAMES = ['gcc', 'glibc', 'binutils', 'tzdata', 'zlib', 'py-yaml', 'é-lib', '😀pkg', 'yes', '1.0', 'true', 'null',
  'a b', "it's", 'x: y', '#hash', 'a/b~c', 'q"uote'];
const DESCRIPTIONS = ['a package', 'ünïcode 😀', 'needs: quoting', '', '- dash', 'line\nbreak'];

// ---------------------------------------------------------------------------
// Documents.

const arbPackage = fc.record({
  shape: fc.constantFrom('object', 'object', 'object', 'empty', 'null'),
  deps: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 4 }),
  boot: fc.option(fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }), { nil: undefined }),
  desc: fc.option(fc.constantFrom(...DESCRIPTIONS), { nil: undefined }),
  listStyle: fc.constantFrom('flow', 'block', 'lines'),
  mapStyle: fc.constantFrom('block', 'block', 'flow'),
});

const arbSpec = fc.record({
  language: fc.constantFrom('yaml', 'yaml', 'json'),
  packages: fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), arbPackage), { selector: (t) => t[0], minLength: 1, maxLength: 5 }),
  topStyle: fc.constantFrom('block', 'block', 'flow'),
  indent: fc.constantFrom(2, 4),
  seqOffset: fc.constantFrom(0, 2),
  eol: fc.constantFrom('\n', '\r\n'),
  finalNewline: fc.boolean(),
  bom: fc.boolean(),
  jsonPretty: fc.boolean(),
  jsonIndent: fc.constantFrom('  ', '    ', '\t'),
  version: fc.boolean(),
  comments: fc.boolean(),
  inlineComments: fc.boolean(),
  blankLines: fc.boolean(),
  trailingCommas: fc.boolean(),
  blockScalars: fc.boolean(),
});

function modelOf(spec) {
  const packages = {};
  for (const [name, p] of spec.packages) {
    if (p.shape === 'null') packages[name] = null;
    else if (p.shape === 'empty') packages[name] = {};
    else {
      const body = { 'build-depends': p.deps };
      if (p.boot) body['build-depends-bootstrap1'] = p.boot;
      if (p.desc !== undefined) body.description = p.desc;
      packages[name] = body;
    }
  }
  return spec.version ? { version: 1, packages } : { packages };
}

const SIMPLE = /^[a-z][a-z0-9-]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);
const q = (s) => (SIMPLE.test(s) && !RESERVED.has(s) ? s : JSON.stringify(s));

function yamlText(spec) {
  const model = modelOf(spec);
  const pad = (n) => ' '.repeat(n);
  const flow = (v) => {
    if (v === null) return 'null';
    if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
    if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${q(k)}: ${flow(x)}`).join(', ')}}`;
    return typeof v === 'string' ? q(v) : String(v);
  };
  const lines = [];
  if (spec.comments) lines.push('# keep me');
  if (spec.version) lines.push('version: 1');
  if (spec.topStyle === 'flow') {
    lines.push(`packages: ${flow(model.packages)}`);
  } else {
    lines.push('packages:');
    const i1 = pad(spec.indent);
    const i2 = pad(spec.indent * 2);
    const tail = spec.inlineComments ? '  # inline' : '';
    for (const [name, p] of spec.packages) {
      if (spec.blankLines) lines.push('');
      if (spec.comments) lines.push(`${i1}# keep me`);
      const value = model.packages[name];
      if (value === null) { lines.push(`${i1}${q(name)}:${tail}`); continue; }
      if (!Object.keys(value).length || p.mapStyle === 'flow') { lines.push(`${i1}${q(name)}: ${flow(value)}${tail}`); continue; }
      lines.push(`${i1}${q(name)}:${tail}`);
      for (const [key, v] of Object.entries(value)) {
        if (Array.isArray(v) && v.length && p.listStyle === 'block') {
          lines.push(`${i2}${key}:${tail}`);
          for (const item of v) lines.push(`${i2}${pad(spec.seqOffset)}- ${q(item)}${tail}`);
        } else if (Array.isArray(v) && v.length && p.listStyle === 'lines') {
          lines.push(`${i2}${key}: [${tail}`);
          v.forEach((item, k) => lines.push(`${i2}${pad(spec.indent)}${q(item)}${k + 1 < v.length || spec.trailingCommas ? ',' : ''}${tail}`));
          lines.push(`${i2}]`);
        } else if (typeof v === 'string' && spec.blockScalars && /^[a-z][^\n]*[^ ]$/.test(v)) {
          lines.push(`${i2}${key}: |-${tail}`, `${i2}${pad(spec.indent)}${v}`);
        } else {
          lines.push(`${i2}${key}: ${flow(v)}${tail}`);
        }
      }
    }
  }
  return lines;
}

function jsonText(spec) {
  const model = modelOf(spec);
  const inline = (v) => {
    if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
    if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')}}`;
    return JSON.stringify(v);
  };
  if (!spec.jsonPretty) return spec.comments ? ['// keep me', inline(model)] : [inline(model)];
  const u = spec.jsonIndent;
  const lines = [];
  if (spec.comments) lines.push('// keep me');
  lines.push('{');
  if (spec.version) lines.push(`${u}"version": 1,`);
  lines.push(`${u}"packages": {`);
  const names = Object.keys(model.packages);
  const tail = spec.inlineComments ? ' // inline' : '';
  const sep = (last) => (last ? (spec.trailingCommas ? ',' : '') : ',');
  names.forEach((name, i) => {
    const comma = sep(i + 1 === names.length);
    if (spec.blankLines) lines.push('');
    if (spec.comments) lines.push(`${u}${u}// keep me`);
    const value = model.packages[name];
    if (!value || !Object.keys(value).length) { lines.push(`${u}${u}${JSON.stringify(name)}: ${inline(value)}${comma}${tail}`); return; }
    lines.push(`${u}${u}${JSON.stringify(name)}: {${tail}`);
    const entries = Object.entries(value);
    const linesStyle = spec.packages.find(([n]) => n === name)[1].listStyle === 'lines';
    entries.forEach(([k, v], j) => {
      const end = sep(j + 1 === entries.length);
      if (!linesStyle || !Array.isArray(v) || !v.length) {
        lines.push(`${u}${u}${u}${JSON.stringify(k)}: ${inline(v)}${end}${tail}`);
        return;
      }
      lines.push(`${u}${u}${u}${JSON.stringify(k)}: [${tail}`);
      v.forEach((item, m) => lines.push(`${u}${u}${u}${u}${JSON.stringify(item)}${sep(m + 1 === v.length)}${tail}`));
      lines.push(`${u}${u}${u}]${end}`);
    });
    lines.push(`${u}${u}}${comma}`);
  });
  lines.push(`${u}}`);
  lines.push('}');
  return lines;
}

function render(spec) {
  const lines = spec.language === 'yaml' ? yamlText(spec) : jsonText(spec);
  return (spec.bom ? '\uFEFF' : '') + lines.join(spec.eol) + (spec.finalNewline ? spec.eol : '');
}

// ---------------------------------------------------------------------------
// Operations: each returns [edits, new model] or undefined when it does not apply.

const P = (...segments) => segments.reduce((p, s) => joinPointer(p, s), '');
const clone = (v) => JSON.parse(JSON.stringify(v));
const pkgOf = (model, name) => {
  if (model.packages[name] == null) model.packages[name] = {};
  return model.packages[name];
};
const names = fc.constantFrom(...NAMES, 'new-pkg', 'ünï 😀');
const list = fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 4 });

const arbOp = fc.oneof(
  fc.record({ op: fc.constant('setBoot'), pkg: names, n: fc.integer({ min: 1, max: 3 }), items: list, after: fc.boolean() }),
  fc.record({ op: fc.constant('removeItem'), pick: fc.nat() }),
  fc.record({ op: fc.constant('addPackage'), pkg: names }),
  fc.record({ op: fc.constant('setDesc'), pkg: names, value: fc.constantFrom(...DESCRIPTIONS) }),
  fc.record({ op: fc.constant('replaceDeps'), pkg: names, items: list }),
  fc.record({ op: fc.constant('append'), pkg: names, item: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant('rename'), pick: fc.nat(), to: names }),
  fc.record({ op: fc.constant('removeMember'), pick: fc.nat() }),
  fc.record({ op: fc.constant('setVersion'), value: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('replaceDesc'), pick: fc.nat(), value: fc.constantFrom(...DESCRIPTIONS) }),
  fc.record({ op: fc.constant('setObject'), pkg: names, value: fc.constantFrom({}, { a: 1 }, { 'build-depends': ['x', 'y z'], nested: { k: [] } }) }),
);

function perform(doc, model, o) {
  const next = clone(model);
  switch (o.op) {
    case 'setBoot': {
      const key = `build-depends-bootstrap${o.n}`;
      const e = edits.setMember(doc, P('packages', o.pkg), key, o.items, o.after ? { after: 'build-depends' } : {});
      pkgOf(next, o.pkg)[key] = o.items;
      return [e, next];
    }
    case 'removeItem': {
      const all = [];
      for (const [name, p] of Object.entries(model.packages)) {
        (p?.['build-depends'] ?? []).forEach((_, i) => all.push([name, i]));
      }
      if (!all.length) return undefined;
      const [name, i] = all[o.pick % all.length];
      next.packages[name]['build-depends'].splice(i, 1);
      return [edits.removeArrayItem(doc, P('packages', name, 'build-depends', i)), next];
    }
    case 'addPackage':
      next.packages[o.pkg] = {};
      return [edits.setMember(doc, '/packages', o.pkg, {}), next];
    case 'setDesc':
      pkgOf(next, o.pkg).description = o.value;
      return [edits.setMember(doc, P('packages', o.pkg), 'description', o.value), next];
    case 'replaceDeps':
      pkgOf(next, o.pkg)['build-depends'] = o.items;
      return [edits.replaceList(doc, P('packages', o.pkg, 'build-depends'), o.items), next];
    case 'append': {
      const p = pkgOf(next, o.pkg);
      p['build-depends'] = [...(p['build-depends'] ?? []), o.item];
      return [edits.appendArrayItem(doc, P('packages', o.pkg, 'build-depends'), o.item), next];
    }
    case 'rename': {
      const existing = Object.keys(model.packages);
      const from = existing[o.pick % existing.length];
      if (from === undefined || o.to in model.packages) return undefined;
      next.packages = Object.fromEntries(Object.entries(next.packages).map(([k, v]) => [k === from ? o.to : k, v]));
      return [edits.renameKey(doc, P('packages', from), o.to), next];
    }
    case 'removeMember': {
      const all = [];
      for (const [name, p] of Object.entries(model.packages)) {
        all.push([name]);
        for (const key of Object.keys(p ?? {})) all.push([name, key]);
      }
      if (!all.length) return undefined;
      const target = all[o.pick % all.length];
      if (target.length === 1) delete next.packages[target[0]];
      else delete next.packages[target[0]][target[1]];
      return [edits.removeMember(doc, P('packages', ...target)), next];
    }
    case 'replaceDesc': {
      const all = Object.entries(model.packages).filter(([, p]) => typeof p?.description === 'string').map(([n]) => n);
      if (!all.length) return undefined;
      const name = all[o.pick % all.length];
      next.packages[name].description = o.value;
      return [edits.replaceScalar(doc, P('packages', name, 'description'), o.value), next];
    }
    case 'setObject':
      pkgOf(next, o.pkg).extra = o.value;
      return [edits.setMember(doc, P('packages', o.pkg), 'extra', o.value), next];
    case 'setVersion':
      next.version = o.value;
      return [edits.setMember(doc, '', 'version', o.value, { after: 'version' }), next];
  }
  throw new Error(`unknown operation ${o.op}`);
}

const count = (text, needle) => text.split(needle).length - 1;

describe('edits on random documents', () => {
  it('always parse without problems and give exactly the expected value', () => {
    fc.assert(fc.property(arbSpec, fc.array(arbOp, { minLength: 1, maxLength: 4 }), (spec, ops) => {
      const uri = spec.language === 'yaml' ? 'p.bootstrap.yaml' : 'p.bootstrap.jsonc';
      let text = render(spec);
      let model = modelOf(spec);
      let doc = parseDocument(uri, text);
      assert.deepEqual(doc.problems, [], `generated document parses:\n${text}`);
      assert.deepEqual(doc.value, model, 'generated document has the model value');
      const comments = count(text, 'keep me');
      for (const o of ops) {
        const done = perform(doc, model, o);
        if (!done) continue;
        const [list, expected] = done;
        const out = edits.applyEdits(text, list);
        const after = parseDocument(uri, out);
        const context = `operation ${JSON.stringify(o)} on:\n${text}\n---- gave:\n${out}`;
        assert.deepEqual(after.problems, [], context);
        assert.deepEqual(after.value, expected, context);
        // Comments sit on lines of their own (or before the document) and survive every edit.
        assert.equal(count(out, 'keep me'), comments, context);
        // The line-break style survives (a text without any line break has none to keep).
        if (text.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(out), `a bare LF after ${context}`);
        else if (text.includes('\n')) assert.ok(!out.includes('\r'), `a CR after ${context}`);
        assert.equal(out.startsWith('\uFEFF'), spec.bom, `BOM kept: ${context}`);
        for (const e of list) assert.ok(e.range.end - e.range.start < text.length || text.length < 40, `no wholesale rewrite: ${context}`);
        text = out;
        doc = after;
        model = expected;
      }
    }), { numRuns: Number(process.env.STRAP_FC_RUNS) || 400, includeErrorInReport: true });
  });

});
