// Completion: schema keys (with documentation and snippets in the style of
// the place they go), enum values, package names in dependency lists (with
// a warning on the ones that would close an unbroken build cycle), the next
// free `build-depends-bootstrap<N>`, stage and env names where they are
// expected. Works while the user types (see cursor.ts).

import * as path from 'path';
import * as YAML from 'yaml';
import type { Analysis, WorkspaceAnalysis } from '../analysis';
import type { OffsetRange } from '../types';
import type { ParsedDocument } from '../document/parsed-document';
import { cursorContext, pathToPointer, type CursorContext, type KeyContext, type ValueContext } from './cursor';
import { BOOTSTRAP_PATTERN, describe, enumValues, keyword, objectKeys, schemasAt, typeOf, typesOf, type Schema } from './schema-nav';
import { uriToPath } from '../workspace/uris';
import { codes, cycleChecker, cycleText, dependencyListOf } from './graph-facts';
import { binaryIndex, binaryNamed, providerOf, type BinaryIndex } from '../model/binary-index';

export type CompletionKind = 'key' | 'value' | 'package' | 'stage' | 'env' | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** `insertText` is an LSP snippet (`$1`, `${1:x}`, `${1|a,b|}`); indentation in it is absolute (insertTextMode asIs). */
  isSnippet: boolean;
  /** The text the item replaces. */
  range: OffsetRange;
  sortText?: string;
  filterText?: string;
  /** Ask the client for completion again after inserting (a value follows, e.g. after `writes: `). */
  retrigger?: boolean;
}

export interface CompletionResult {
  items: CompletionItem[];
  /** More items exist than were returned (typing more narrows them). */
  isIncomplete: boolean;
}

/**
 * Above this many name candidates, only those matching what was typed are
 * returned, at most this many, and the list is marked incomplete so the editor
 * asks again as the user types on (as clangd does with its 100). Thousands of
 * items cost every editor time to receive, filter and draw.
 */
const MAX_NAME_ITEMS = 200;

// The package names of a workspace in lower case, made once per analysis
// rather than once per name per request. Keyed by the name map: a workspace
// patched for an edit shares the previous one's map only when every name
// stayed the same (see workspace.ts patchDeclarations).
const lowerNames = new WeakMap<object, { names: string[]; lower: string[] }>();

function namesOf(packages: ReadonlyMap<string, unknown>, binaries: BinaryIndex): { names: string[]; lower: string[] } {
  // Keyed by the binary index when there are binaries (it changes with them), else by the packages.
  const key = binaries.binaries.size > 0 ? binaries : packages;
  let hit = lowerNames.get(key);
  if (!hit) {
    const names = binaries.binaries.size > 0
      ? [...new Set([...packages.keys(), ...binaries.binaries.keys(), ...binaries.providers.keys()])]
      : [...packages.keys()];
    hit = { names, lower: names.map((n) => n.toLowerCase()) };
    lowerNames.set(key, hit);
  }
  return hit;
}

const EMPTY: CompletionResult = { items: [], isIncomplete: false };

export function complete(analysis: Analysis, uri: string, offset: number): CompletionResult {
  const doc = analysis.documents.get(uri);
  if (!doc) return EMPTY;
  const ctx = cursorContext(doc, offset);
  if (!ctx) return EMPTY;
  const wa = analysis.workspaceOf(uri);
  const c = new Completer(doc, ctx, wa, analysis.documents);
  const result = ctx.kind === 'key' ? c.keys(ctx) : c.values(ctx);
  if (ctx.commaBefore) for (const item of result.items) item.insertText = ', ' + item.insertText;
  // `-|` (YAML block): a key needs the space after the dash (values add it in scalarInsert).
  if (ctx.kind === 'key' && ctx.spaceBefore) for (const item of result.items) item.insertText = ' ' + item.insertText;
  return result;
}

class Completer {
  readonly eol: string;

  constructor(readonly doc: ParsedDocument, readonly ctx: CursorContext, readonly wa: WorkspaceAnalysis | undefined, readonly documents: ReadonlyMap<string, ParsedDocument>) {
    this.eol = doc.lineIndex.eol;
  }

  // -------------------------------------------------------------------------
  // keys

  keys(ctx: KeyContext): CompletionResult {
    const items: CompletionItem[] = [];
    const schemas = schemasAt(ctx.path, this.doc.value);
    const { keys, patterns } = objectKeys(schemas);
    keys.forEach((k, i) => {
      if (ctx.existingKeys.has(k.key)) return;
      const valueSchemas = schemasAt([...ctx.path, k.key], this.doc.value);
      const required = schemas.some((s) => Array.isArray(s.required) && s.required.includes(k.key));
      items.push({
        label: k.key,
        kind: 'key',
        detail: keyword(valueSchemas, 'title'),
        documentation: describe(valueSchemas, k.key),
        ...this.keyInsert(ctx, k.key, valueSchemas),
        range: ctx.range,
        sortText: `${required ? 'a' : 'b'}${String(i).padStart(3, '0')}`,
        filterText: this.filterText(k.key),
      });
    });
    if (ctx.path.length === 2 && ctx.path[0] === 'packages' && patterns.some((p) => p.pattern === BOOTSTRAP_PATTERN)) {
      const item = this.bootstrapKey(ctx, patterns.find((p) => p.pattern === BOOTSTRAP_PATTERN)!.schema);
      if (item) items.push(item);
    }
    if (ctx.path.length === 1) items.push(...this.undeclaredNames(ctx));
    return { items, isIncomplete: false };
  }

  private keyInsert(ctx: KeyContext, key: string, valueSchemas: Schema[]): { insertText: string; isSnippet: boolean; retrigger?: boolean } {
    const type = typeOf(valueSchemas);
    const types = typesOf(valueSchemas);
    const hasValues = enumValues(valueSchemas).length > 0 || type === 'boolean' || types.has('string');
    if (ctx.hasColon) return { insertText: this.keyText(key), isSnippet: false };
    const comma = ctx.commaAfter ? (ctx.style === 'json' ? ',' : ', ') : '';
    if (ctx.style === 'block') {
      if (type === 'object') return { insertText: `${key}:${this.eol}${' '.repeat(ctx.column + this.indentUnit(ctx))}`, isSnippet: false };
      if (type === 'array') return { insertText: `${key}: [$1]`, isSnippet: true };
      return { insertText: `${key}: `, isSnippet: false, retrigger: hasValues };
    }
    const k = ctx.style === 'json' ? JSON.stringify(key) : key;
    if (type === 'object') return { insertText: `${escapeSnippet(k)}: {$1}${comma}`, isSnippet: true };
    if (type === 'array') return { insertText: `${escapeSnippet(k)}: [$1]${comma}`, isSnippet: true };
    if (ctx.style === 'json' && type === 'string') return { insertText: `${escapeSnippet(k)}: "$1"${comma}`, isSnippet: true, retrigger: hasValues };
    return { insertText: `${escapeSnippet(k)}: $1${comma}`, isSnippet: true, retrigger: hasValues };
  }

  /** A key as written in this place (JSON: quoted). */
  private keyText(key: string): string {
    if (this.ctx.style === 'json') return JSON.stringify(key);
    if (this.ctx.quote) return quoteYaml(key, this.ctx.quote);
    return yamlText(key, this.ctx.style === 'flow');
  }

  /** The indentation step of the file around the cursor (YAML block). */
  private indentUnit(ctx: KeyContext): number {
    const parent = this.doc.node(pathToPointer(ctx.path));
    if (parent?.keyRange) {
      const col = this.doc.lineIndex.positionAt(parent.keyRange.start).character;
      if (ctx.column > col) return ctx.column - col;
    }
    // the first indented line of the document (its first 200 lines, read without joining an edited buffer)
    const lines = this.doc.lineIndex;
    for (let l = 0; l < Math.min(200, lines.lineCount); l++) {
      const line = lines.lineText(l);
      const m = /^( +)\S/.exec(line);
      if (m && !/^\s*-\s/.test(line)) return m[1].length;
    }
    return 2;
  }

  private bootstrapKey(ctx: KeyContext, schema: Schema): CompletionItem | undefined {
    let max = 0;
    const pkgNode = this.doc.node(pathToPointer(ctx.path));
    const existing = new Set(ctx.existingKeys);
    for (const child of pkgNode?.children ?? []) if (child.key) existing.add(child.key);
    for (const k of existing) {
      const m = /^build-depends-bootstrap([1-9][0-9]*)$/.exec(k);
      if (m) max = Math.max(max, Number(m[1]));
    }
    const n = max + 1;
    const key = `build-depends-bootstrap${n}`;
    const bd = this.doc.node(pathToPointer([...ctx.path, 'build-depends']));
    const names = bd?.kind === 'array' ? bd.children.map((c) => c.value).filter((v): v is string => typeof v === 'string') : [];
    let insertText: string;
    if (ctx.hasColon) insertText = this.keyText(key);
    else if (ctx.style === 'json') {
      insertText = `"${key}": [${names.length ? `\${1:${escapeSnippet(names.map((x) => JSON.stringify(x)).join(', '))}}` : '$1'}]${ctx.commaAfter ? ',' : ''}`;
    } else if (ctx.style === 'block' && bd?.kind === 'array' && !bd.flow && names.length) {
      // The file writes build-depends as a block list: so does the new set.
      const keyCol = bd.keyRange ? this.doc.lineIndex.positionAt(bd.keyRange.start).character : ctx.column;
      const firstItem = bd.children[0];
      const dashCol = firstItem ? Math.max(keyCol, this.dashColumn(firstItem.range.start)) : keyCol + 2;
      const pad = ' '.repeat(ctx.column + (dashCol - keyCol));
      insertText = `${key}:` + names.map((x, i) => `${this.eol}${pad}- \${${i + 1}:${escapeSnippet(yamlText(x, false))}}`).join('');
    } else {
      const inner = names.length ? `\${1:${escapeSnippet(names.map((x) => yamlText(x, true)).join(', '))}}` : '$1';
      insertText = `${key}: [${inner}]${ctx.commaAfter ? ', ' : ''}`;
    }
    const doc = [
      typeof schema.markdownDescription === 'string' ? schema.markdownDescription : typeof schema.description === 'string' ? schema.description : '',
      names.length ? `Pre-filled with \`build-depends\`: ${names.map((x) => '`' + x + '`').join(', ')} — remove what the stage-${n} build can do without.` : '',
    ].filter(Boolean).join('\n\n');
    return {
      label: key,
      kind: 'snippet',
      detail: `bootstrap stage ${n}${names.length ? ' (pre-filled with build-depends)' : ''}`,
      documentation: doc,
      insertText,
      isSnippet: !ctx.hasColon,
      range: ctx.range,
      sortText: 'a500',
      filterText: this.filterText(key),
    };
  }

  private dashColumn(itemStart: number): number {
    const pos = this.doc.lineIndex.positionAt(itemStart);
    const line = this.doc.lineIndex.lineText(pos.line);
    const before = line.slice(0, pos.character);
    const i = before.lastIndexOf('-');
    return i >= 0 ? i : pos.character;
  }

  /** Names used but not declared, offered as new members of `packages`, `envs` or `stages`. */
  private undeclaredNames(ctx: KeyContext): CompletionItem[] {
    const ws = this.wa?.workspace;
    if (!ws) return [];
    const section = ctx.path[0];
    const used = new Map<string, string>();
    if (section === 'packages') {
      const graph = this.wa?.graph;
      if (graph) {
        // The graph's nodes are every name the packages use; the undeclared ones have no edges of their own.
        for (let i = 0; i < graph.size; i++) {
          if (graph.declared[i]) continue;
          const name = graph.names[i];
          const user = graph.dependents(name)[0]
            ?? (used.size < 50 ? graph.specs.find((p) => p.depends.includes(name) || p.bootstrap.some((b) => b.buildDepends.includes(name)))?.name : undefined);
          used.set(name, user ? `used by ${user}` : 'used');
        }
      }
      for (const s of ws.stages) {
        for (const r of s.installs) if (!ws.packages.has(r.name) && !used.has(r.name)) used.set(r.name, `used by stage ${s.name}`);
        for (const r of s.imports?.packages ?? []) if (!ws.packages.has(r.name) && !used.has(r.name)) used.set(r.name, `used by stage ${s.name}`);
      }
    } else if (section === 'envs') {
      for (const s of ws.stages) {
        if (s.createsEnv && !ws.envs.has(s.createsEnv.name)) used.set(s.createsEnv.name, `created by stage ${s.name}`);
        if (s.interpreter?.env && !ws.envs.has(s.interpreter.env)) used.set(s.interpreter.env, `used by stage ${s.name}`);
      }
    } else if (section === 'stages') {
      const declared = new Set(ws.stages.map((s) => s.name));
      for (const s of ws.stages) if (s.restartFrom && !declared.has(s.restartFrom.name)) used.set(s.restartFrom.name, `restart point of stage ${s.name}`);
    } else return [];
    const kind: CompletionKind = section === 'packages' ? 'package' : section === 'envs' ? 'env' : 'stage';
    const items: CompletionItem[] = [];
    for (const [name, why] of [...used].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (ctx.existingKeys.has(name)) continue;
      items.push({
        label: name, kind, detail: `declare ${kind} (${why})`,
        ...this.declarationInsert(ctx, name, section),
        range: ctx.range, sortText: `c${name}`, filterText: this.filterText(name),
      });
      if (items.length >= MAX_NAME_ITEMS) break;
    }
    return items;
  }

  private declarationInsert(ctx: KeyContext, name: string, section: string): { insertText: string; isSnippet: boolean } {
    if (ctx.hasColon) return { insertText: this.keyText(name), isSnippet: false };
    const managers = '${1|venv,micromamba,system|}';
    const comma = ctx.commaAfter ? (ctx.style === 'json' ? ',' : ', ') : '';
    if (ctx.style === 'json') {
      const body = section === 'envs' ? `{"manager": "${managers}"}` : '{$0}';
      return { insertText: `${escapeSnippet(JSON.stringify(name))}: ${body}${comma}`, isSnippet: true };
    }
    const k = escapeSnippet(yamlText(name, ctx.style === 'flow'));
    if (section === 'envs') {
      if (ctx.style === 'block') return { insertText: `${k}:${this.eol}${' '.repeat(ctx.column + this.indentUnit(ctx))}manager: ${managers}`, isSnippet: true };
      return { insertText: `${k}: {manager: ${managers}}${comma}`, isSnippet: true };
    }
    return { insertText: `${k}: {$0}${comma}`, isSnippet: true };
  }

  // -------------------------------------------------------------------------
  // values

  values(ctx: ValueContext): CompletionResult {
    const path = ctx.path;
    const [section, owner, key] = path;
    const ws = this.wa?.workspace;
    const listPath = ctx.inList ? path.slice(0, -1) : path;
    const listKey = listPath[2];
    if (section === 'packages' && listPath.length === 3 && dependencyListOf(listKey) && (ctx.inList || ctx.bare)) {
      return this.packageNames(ctx, owner, listKey);
    }
    // A binary's depends: the same names (no cycle check: the binary is not the package).
    if (section === 'packages' && listPath.length === 5 && key === 'binaries' && listPath[4] === 'depends' && (ctx.inList || ctx.bare)) {
      return this.packageNames(ctx, listPath[3], 'binary-depends');
    }
    if (section === 'include' && listPath.length === 1 && (ctx.inList || ctx.bare)) return this.includeTargets(ctx);
    if (section === 'stages' && listPath.length === 3 && (listKey === 'installs' || listKey === 'imports')) {
      if (listKey === 'imports' && !ctx.inList) {
        // `imports: ` takes stdlib, env or a list
        const res = this.schemaValues(ctx, schemasAt(path, this.doc.value));
        return res;
      }
      return this.packageNames(ctx, owner, listKey);
    }
    if (section === 'stages' && path.length === 3 && key === 'interpreter' && ws) {
      const schemas = schemasAt(path, this.doc.value);
      const docs = enumLikeDocs(schemas);
      const items: CompletionItem[] = [];
      const values: Array<{ v: string; d?: string; detail: string }> = [
        { v: 'host', d: docs.get('host'), detail: 'whatever interpreter started the chain' },
        { v: 'selected', d: docs.get('selected'), detail: 'the interpreter python.min selects' },
      ];
      for (const env of ws.envs.values()) values.push({ v: `env:${env.name}`, d: docs.get('env:<name>'), detail: `env ${env.name}${env.manager ? ` (${env.manager.value}${env.python ? `, Python ${env.python.value}` : ''})` : ''}` });
      values.forEach((x, i) => items.push({ label: x.v, kind: x.v.startsWith('env:') ? 'env' : 'value', detail: x.detail, documentation: x.d, ...this.scalarInsert(ctx, x.v), range: ctx.range, sortText: String(i).padStart(4, '0'), filterText: this.filterText(x.v) }));
      return { items, isIncomplete: false };
    }
    if (section === 'stages' && path.length === 3 && key === 'creates-env' && ws) {
      const items: CompletionItem[] = [];
      for (const env of ws.envs.values()) {
        items.push({ label: env.name, kind: 'env', detail: `env${env.manager ? ` (${env.manager.value})` : ''}`, documentation: env.path ? `path: \`${env.path.value}\`` : undefined, ...this.scalarInsert(ctx, env.name), range: ctx.range, filterText: this.filterText(env.name) });
      }
      return { items, isIncomplete: false };
    }
    if (section === 'stages' && path.length === 4 && key === 'on-change' && path[3] === 'restart-from' && ws) {
      const chain = ws.stages;
      const here = chain.findIndex((s) => s.name === owner && s.uri === this.doc.uri);
      const items: CompletionItem[] = [];
      const seen = new Set<string>();
      chain.forEach((s, i) => {
        if (seen.has(s.name)) return;
        seen.add(s.name);
        const earlier = here < 0 || i <= here;
        items.push({
          label: s.name, kind: 'stage',
          detail: i === here ? 'this stage' : earlier ? `stage ${i + 1} of the chain` : `stage ${i + 1}: later in the chain (restart-from must not be later)`,
          documentation: s.interpreter ? `interpreter: \`${this.doc.source.slice(s.interpreter.node.range.start, s.interpreter.node.range.end)}\`` : undefined,
          ...this.scalarInsert(ctx, s.name), range: ctx.range,
          sortText: `${earlier ? 'a' : 'z'}${String(i).padStart(5, '0')}`, filterText: this.filterText(s.name),
        });
      });
      return { items, isIncomplete: false };
    }
    return this.schemaValues(ctx, schemasAt(path, this.doc.value));
  }

  private schemaValues(ctx: ValueContext, schemas: Schema[]): CompletionResult {
    const items: CompletionItem[] = [];
    const values = enumValues(schemas);
    const seen = new Set<string>();
    values.forEach((v, i) => {
      seen.add(JSON.stringify(v.value));
      const label = typeof v.value === 'string' ? v.value : JSON.stringify(v.value);
      items.push({
        label, kind: 'value', detail: v.isDefault ? 'default' : undefined, documentation: v.documentation,
        ...this.scalarInsert(ctx, v.value), range: ctx.range, sortText: String(i).padStart(4, '0'), filterText: this.filterText(label),
      });
    });
    const types = typesOf(schemas);
    if (!values.length && types.has('boolean')) {
      for (const b of [true, false]) {
        const isDefault = schemas.some((s) => s.default === b);
        items.push({ label: String(b), kind: 'value', detail: isDefault ? 'default' : undefined, ...this.scalarInsert(ctx, b), range: ctx.range, filterText: this.filterText(String(b)) });
      }
    }
    if (!values.length && !types.has('boolean')) {
      // Defaults and examples of scalar values.
      const suggestions: unknown[] = [];
      for (const s of schemas) {
        if ('default' in s) suggestions.push(s.default);
        if (Array.isArray(s.examples)) suggestions.push(...s.examples);
      }
      for (const v of suggestions) {
        if (v === null || typeof v === 'object') continue;
        const k = JSON.stringify(v);
        if (seen.has(k)) continue;
        seen.add(k);
        const label = typeof v === 'string' ? v : JSON.stringify(v);
        items.push({ label, kind: 'value', detail: 'example', ...this.scalarInsert(ctx, v), range: ctx.range, sortText: `m${items.length}`, filterText: this.filterText(label) });
      }
    }
    return { items, isIncomplete: false };
  }

  private packageNames(ctx: ValueContext, owner: string | undefined, listKey: string): CompletionResult {
    const ws = this.wa?.workspace;
    if (!ws) return EMPTY;
    const isPackageList = ctx.path[0] === 'packages';
    const list = isPackageList ? dependencyListOf(listKey) : undefined;
    const check = list && owner !== undefined ? cycleChecker(this.wa, owner, list) : () => undefined;
    const listed = new Set(ctx.listItems);
    if (ctx.bare) {
      // `key: |` replaces the whole value: nothing listed yet
      listed.clear();
    }
    // For imports: what earlier stages install comes first.
    let installedBefore: Set<string> | undefined;
    if (!isPackageList && listKey === 'imports') {
      installedBefore = new Set();
      for (const s of ws.stages) {
        if (s.name === owner && s.uri === this.doc.uri) break;
        for (const r of s.installs) installedBefore.add(r.name);
      }
    }
    // All names when there are few; else the first ones starting with what was typed (the client asks again as the user types on).
    const typed = ctx.partial.toLowerCase();
    const all: string[] = [];
    const matching: string[] = [];
    let isIncomplete = false;
    const { names, lower } = namesOf(ws.packages, binaryIndex(ws));
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if ((isPackageList && n === owner) || listed.has(n)) continue;
      if (all.length <= MAX_NAME_ITEMS) all.push(n);
      if (!typed || lower[i].startsWith(typed)) {
        if (matching.length < MAX_NAME_ITEMS) matching.push(n);
        else isIncomplete = true;
      }
    }
    let candidates = all;
    if (all.length > MAX_NAME_ITEMS) {
      candidates = matching;
      isIncomplete = true;
    }
    const items: CompletionItem[] = [];
    for (const name of candidates) {
      const pkg = ws.packages.get(name);
      const cycle = check(name);
      if (!pkg) {
        // A binary, or a name a binary provides.
        const binary = binaryNamed(ws, name);
        const b = binary ?? providerOf(ws, name)!;
        items.push({
          label: name, kind: 'package',
          detail: cycle ? `closes a build-dependency cycle: ${cycleText(cycle)}` : binary ? `binary of ${b.packageName}` : `provided by ${b.name} (${b.packageName})`,
          documentation: b.description,
          ...this.nameInsert(ctx, name), range: ctx.range, sortText: `${cycle ? 'y' : 'b'}${name}`, filterText: this.filterText(name),
        });
        continue;
      }
      let detail = pkg.description ? truncate(pkg.description, 60) : 'package';
      let sort = 'b';
      if (cycle) {
        detail = `closes a build-dependency cycle: ${cycleText(cycle)}`;
        sort = 'y';
      } else if (installedBefore) {
        if (installedBefore.has(name)) sort = 'a';
        else {
          detail = 'not installed by an earlier stage';
          sort = 'x';
        }
      }
      items.push({
        label: name, kind: 'package', detail,
        documentation: packageSummary(pkg.buildDepends.map((r) => r.name), pkg.depends.map((r) => r.name), pkg.description, cycle),
        ...this.nameInsert(ctx, name), range: ctx.range, sortText: `${sort}${name}`, filterText: this.filterText(name),
      });
    }
    return { items, isIncomplete };
  }

  /** Other analysed bootstrap files, as paths relative to this one, for `include`. */
  private includeTargets(ctx: ValueContext): CompletionResult {
    const here = uriToPath(this.doc.uri);
    const dir = path.dirname(here);
    const listed = new Set(ctx.bare ? [] : ctx.listItems.map((x) => path.resolve(dir, x)));
    const items: CompletionItem[] = [];
    for (const uri of [...this.documents.keys()].sort()) {
      if (uri === this.doc.uri || !uri.startsWith('file:')) continue;
      const target = uriToPath(uri);
      if (listed.has(target)) continue;
      const rel = path.relative(dir, target).split(path.sep).join('/');
      items.push({ label: rel, kind: 'value', detail: 'bootstrap file', ...this.nameInsert(ctx, rel), range: ctx.range, filterText: this.filterText(rel) });
    }
    return { items, isIncomplete: false };
  }

  /** A list item (or a whole list, after a bare key). */
  private nameInsert(ctx: ValueContext, name: string): { insertText: string; isSnippet: boolean } {
    if (ctx.bare && !ctx.inList) {
      const item = ctx.style === 'json' ? JSON.stringify(name) : yamlText(name, true);
      const comma = ctx.commaAfter ? (ctx.style === 'json' ? ',' : ', ') : '';
      return { insertText: `${ctx.spaceBefore ? ' ' : ''}[${item}]${comma}`, isSnippet: false };
    }
    return this.scalarInsert(ctx, name);
  }

  private scalarInsert(ctx: ValueContext, value: unknown): { insertText: string; isSnippet: boolean } {
    let text: string;
    if (ctx.style === 'json') text = JSON.stringify(value);
    else if (typeof value === 'string') text = ctx.quote ? quoteYaml(value, ctx.quote) : yamlText(value, ctx.style === 'flow');
    else text = String(value);
    if (ctx.itemPrefix) text = ctx.itemPrefix + text;
    if (ctx.spaceBefore) text = ' ' + text;
    if (ctx.commaAfter) text += ctx.style === 'json' ? ',' : ', ';
    return { insertText: text, isSnippet: false };
  }

  /** What the client matches against the replaced text (which may start with a quote). */
  private filterText(label: string): string {
    const first = this.doc.source.charAt(this.ctx.range.start);
    if (this.ctx.range.end > this.ctx.range.start && (first === '"' || first === "'")) return first + label;
    return label;
  }
}

function enumLikeDocs(schemas: Schema[]): Map<string, string> {
  const out = new Map<string, string>();
  const md = keyword(schemas, 'markdownDescription') ?? '';
  for (const line of md.split('\n')) {
    const m = /^\s*[-*]\s+`([^`]+)`\s*(?:—|–|-|:)\s*(.*)$/.exec(line);
    if (m) out.set(m[1], m[2].replace(/[;.]\s*$/, '').trim());
  }
  return out;
}

function packageSummary(buildDepends: string[], depends: string[], description: string | undefined, cycle: string[] | undefined): string | undefined {
  const parts: string[] = [];
  if (cycle) parts.push(`⚠ Adding it closes a build-dependency cycle no \`build-depends-bootstrapN\` breaks: ${cycleText(cycle)}`);
  if (description) parts.push(description);
  if (buildDepends.length) parts.push(`build-depends: ${codes(buildDepends)}`);
  if (depends.length) parts.push(`depends: ${codes(depends)}`);
  return parts.length ? parts.join('\n\n') : undefined;
}

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= n ? one : one.slice(0, n - 1) + '…';
}

export function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** A string as a YAML scalar: plain when it reads back as the same string, else double-quoted. */
export function yamlText(s: string, flow: boolean): string {
  if (isPlainSafe(s, flow)) return s;
  return JSON.stringify(s);
}

function quoteYaml(s: string, quote: '"' | "'"): string {
  return quote === "'" ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s);
}

export function isPlainSafe(s: string, flow: boolean): boolean {
  if (s === '' || s !== s.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-[^\s]/.test(s)) return false;
  if (/: |:$| #|[\r\n\t]/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  // What the YAML 1.2 core schema reads as something else than a string.
  if (NOT_A_STRING.test(s)) return false;
  if (/^[A-Za-z0-9_][A-Za-z0-9_+.\-/]*$/.test(s)) return true;
  try {
    return YAML.parse(s) === s;
  } catch {
    return false;
  }
}

const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
