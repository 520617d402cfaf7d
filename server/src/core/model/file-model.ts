// The model of one bootstrap file: its packages, stages and envs with the
// nodes they came from. Built tolerantly — a value of the wrong type is
// skipped here (the schema check reports it), so every later check can trust
// the types it reads.

import { LatestPerKey } from '../remembered';
import type { DocNode, ParsedDocument } from '../document/parsed-document';

/** A name used somewhere (a list item or a scalar), with the node it came from. */
export interface NameRef {
  name: string;
  uri: string;
  node: DocNode;
}

export interface BootstrapSet {
  stage: number;
  uri: string;
  /** The `build-depends-bootstrapN` member node (its key is the key range). */
  node: DocNode;
  items: NameRef[];
}

export interface PackageDecl {
  name: string;
  uri: string;
  node: DocNode;
  buildDepends: NameRef[];
  buildDependsNode?: DocNode;
  depends: NameRef[];
  bootstrap: BootstrapSet[];
  prebuilt: boolean;
  description?: string;
  /** Who looks after the package (`Name <mail>`), if given. */
  maintainer?: string;
  /** Further people who upload it, if given. */
  uploaders?: string[];
  /** The binaries the package declares (`binaries:`); empty: it is its own single binary. */
  binaries: BinaryDecl[];
}

/** One binary of a package (a member of its `binaries` mapping). */
export interface BinaryDecl {
  name: string;
  uri: string;
  /** The member node (its key is the name). */
  node: DocNode;
  /** The package that declares it. */
  packageName: string;
  depends: NameRef[];
  provides: NameRef[];
  prebuilt: boolean;
  description?: string;
}

export type InterpreterKind = 'host' | 'selected' | 'env';

export interface ScalarRef<T> {
  value: T;
  node: DocNode;
}

export interface StageDecl {
  name: string;
  uri: string;
  node: DocNode;
  interpreter?: { kind: InterpreterKind; env?: string; node: DocNode };
  imports?: { kind: 'stdlib' | 'env' | 'packages'; packages: NameRef[]; node: DocNode };
  createsEnv?: NameRef;
  installs: NameRef[];
  run?: ScalarRef<string>;
  handoff?: ScalarRef<string>;
  writes?: ScalarRef<string>;
  requireCleanTree?: ScalarRef<boolean>;
  stateFile?: ScalarRef<string>;
  generates?: ScalarRef<string>;
  restartFrom?: NameRef;
  debugPort?: ScalarRef<number>;
  breakOnStart?: ScalarRef<boolean>;
  envVars: Array<{ name: string; node: DocNode }>;
}

export interface EnvDecl {
  name: string;
  uri: string;
  node: DocNode;
  manager?: ScalarRef<string>;
  path?: ScalarRef<string>;
  python?: ScalarRef<string>;
  requirements?: ScalarRef<string>;
}

/** The one declaration an incremental edit replaced, or none for a comment edit (see ParsedDocument.change). */
export type ModelChange =
  | { kind: 'none'; baseDocId: number }
  | { kind: 'package'; baseDocId: number; before: PackageDecl; after: PackageDecl }
  | { kind: 'stage'; baseDocId: number; before: StageDecl; after: StageDecl }
  | { kind: 'env'; baseDocId: number; before: EnvDecl; after: EnvDecl };

export interface FileModel {
  uri: string;
  doc: ParsedDocument;
  /** Set when this model is the previous version's with one declaration replaced. */
  change?: ModelChange;
  includes: Array<ScalarRef<string>>;
  pythonMin?: ScalarRef<string>;
  packages: PackageDecl[];
  stages: StageDecl[];
  envs: EnvDecl[];
}

const BOOTSTRAP_KEY = /^build-depends-bootstrap([1-9][0-9]*)$/;

export function bootstrapStageOfKey(key: string): number | undefined {
  const m = BOOTSTRAP_KEY.exec(key);
  return m ? Number(m[1]) : undefined;
}

function member(node: DocNode | undefined, key: string): DocNode | undefined {
  if (!node || node.kind !== 'object') return undefined;
  for (const child of node.children) if (child.key === key) return child;
  return undefined;
}

function nameList(node: DocNode | undefined, uri: string): NameRef[] {
  if (!node || node.kind !== 'array') return [];
  const isName = (item: DocNode) => typeof item.value === 'string' && item.value !== '';
  // Sized exactly rather than grown by push: a push-grown array keeps room for
  // 17 items, and a big archive holds ~60 000 of these short lists.
  let count = 0;
  for (const item of node.children) if (isName(item)) count++;
  const out: NameRef[] = new Array(count);
  let k = 0;
  for (const item of node.children) if (isName(item)) out[k++] = { name: item.value as string, uri, node: item };
  return out;
}

function scalar<T extends string | number | boolean>(node: DocNode | undefined, type: 'string' | 'number' | 'boolean'): ScalarRef<T> | undefined {
  if (!node || typeof node.value !== type) return undefined;
  return { value: node.value as T, node };
}

function nameRef(node: DocNode | undefined, uri: string): NameRef | undefined {
  return node && typeof node.value === 'string' && node.value !== '' ? { name: node.value, uri, node } : undefined;
}

// A document's model never changes, and analyses of the same snapshot share documents.
const models = new WeakMap<ParsedDocument, FileModel>();
// The last model per URI: the next version, re-parsed incrementally, replaces
// one declaration in a copy of its lists instead of walking every member.
const lastModels = new LatestPerKey<FileModel>(64);

export function buildFileModel(doc: ParsedDocument): FileModel {
  let model = models.get(doc);
  if (!model) {
    const last = lastModels.get(doc.uri);
    model = (last && doc.change?.baseId === last.doc.id && derivedModel(last, doc)) || buildModel(doc);
    models.set(doc, model);
    lastModels.set(doc.uri, model);
  }
  return model;
}

function derivedModel(last: FileModel, doc: ParsedDocument): FileModel | undefined {
  const change = doc.change!;
  const base = { ...last, doc };
  if (change.kind === 'trivia') return { ...base, change: { kind: 'none', baseDocId: last.doc.id } };
  const { section, index, before, after } = change;
  const uri = doc.uri;
  if (section === 'packages' && last.packages[index]?.node === before) {
    const packages = last.packages.slice();
    packages[index] = packageDecl(after, uri);
    return { ...base, packages, change: { kind: 'package', baseDocId: last.doc.id, before: last.packages[index], after: packages[index] } };
  }
  if (section === 'stages' && last.stages[index]?.node === before) {
    const stages = last.stages.slice();
    stages[index] = stageDecl(after, uri);
    return { ...base, stages, change: { kind: 'stage', baseDocId: last.doc.id, before: last.stages[index], after: stages[index] } };
  }
  if (section === 'envs' && last.envs[index]?.node === before) {
    const envs = last.envs.slice();
    envs[index] = envDecl(after, uri);
    return { ...base, envs, change: { kind: 'env', baseDocId: last.doc.id, before: last.envs[index], after: envs[index] } };
  }
  return undefined;
}

function buildModel(doc: ParsedDocument): FileModel {
  const uri = doc.uri;
  const root = doc.root;
  const model: FileModel = { uri, doc, includes: [], packages: [], stages: [], envs: [] };
  if (!root || root.kind !== 'object') return model;

  const include = member(root, 'include');
  if (include?.kind === 'array') {
    for (const item of include.children) if (typeof item.value === 'string') model.includes.push({ value: item.value, node: item });
  }
  model.pythonMin = scalar<string>(member(member(root, 'python'), 'min'), 'string');

  const packages = member(root, 'packages');
  if (packages?.kind === 'object') {
    for (const p of packages.children) model.packages.push(packageDecl(p, uri));
  }
  const envs = member(root, 'envs');
  if (envs?.kind === 'object') {
    for (const e of envs.children) model.envs.push(envDecl(e, uri));
  }
  const stages = member(root, 'stages');
  if (stages?.kind === 'object') {
    for (const s of stages.children) model.stages.push(stageDecl(s, uri));
  }
  return model;
}

function envDecl(e: DocNode, uri: string): EnvDecl {
  return {
    name: e.key!, uri, node: e,
    manager: scalar<string>(member(e, 'manager'), 'string'),
    path: scalar<string>(member(e, 'path'), 'string'),
    python: scalar<string>(member(e, 'python'), 'string'),
    requirements: scalar<string>(member(e, 'requirements'), 'string'),
  };
}

function packageDecl(p: DocNode, uri: string): PackageDecl {
  const buildDependsNode = member(p, 'build-depends');
  const decl: PackageDecl = {
    name: p.key!, uri, node: p,
    buildDepends: nameList(buildDependsNode, uri),
    buildDependsNode,
    depends: nameList(member(p, 'depends'), uri),
    bootstrap: [],
    prebuilt: member(p, 'prebuilt')?.value === true,
    description: typeof member(p, 'description')?.value === 'string' ? (member(p, 'description')!.value as string) : undefined,
    binaries: binaryDecls(p.key!, member(p, 'binaries'), uri),
  };
  const maintainer = member(p, 'maintainer')?.value;
  if (typeof maintainer === 'string') decl.maintainer = maintainer;
  const uploaders = member(p, 'uploaders');
  if (uploaders?.kind === 'array') decl.uploaders = uploaders.children.map((c) => c.value).filter((v): v is string => typeof v === 'string');
  if (p.kind === 'object') {
    for (const child of p.children) {
      const stage = bootstrapStageOfKey(child.key!);
      if (stage !== undefined && child.kind === 'array') decl.bootstrap.push({ stage, uri, node: child, items: nameList(child, uri) });
    }
    decl.bootstrap.sort((a, b) => a.stage - b.stage);
  }
  return decl;
}

function binaryDecls(packageName: string, node: DocNode | undefined, uri: string): BinaryDecl[] {
  if (node?.kind !== 'object') return [];
  return node.children.map((b) => {
    const description = member(b, 'description')?.value;
    return {
      name: b.key!, uri, node: b, packageName,
      depends: nameList(member(b, 'depends'), uri),
      provides: nameList(member(b, 'provides'), uri),
      prebuilt: member(b, 'prebuilt')?.value === true,
      description: typeof description === 'string' ? description : undefined,
    };
  });
}

function stageDecl(s: DocNode, uri: string): StageDecl {
  const decl: StageDecl = { name: s.key!, uri, node: s, installs: nameList(member(s, 'installs'), uri), envVars: [] };
  const interpreter = member(s, 'interpreter');
  if (typeof interpreter?.value === 'string') {
    const v = interpreter.value;
    if (v === 'host' || v === 'selected') decl.interpreter = { kind: v, node: interpreter };
    else if (v.startsWith('env:') && v.length > 4) decl.interpreter = { kind: 'env', env: v.slice(4), node: interpreter };
  }
  const imports = member(s, 'imports');
  if (imports?.value === 'stdlib' || imports?.value === 'env') decl.imports = { kind: imports.value, packages: [], node: imports };
  else if (imports?.kind === 'array') decl.imports = { kind: 'packages', packages: nameList(imports, uri), node: imports };
  decl.createsEnv = nameRef(member(s, 'creates-env'), uri);
  decl.run = scalar<string>(member(s, 'run'), 'string');
  decl.handoff = scalar<string>(member(s, 'handoff'), 'string');
  decl.writes = scalar<string>(member(s, 'writes'), 'string');
  decl.requireCleanTree = scalar<boolean>(member(s, 'require-clean-tree'), 'boolean');
  decl.stateFile = scalar<string>(member(s, 'state-file'), 'string');
  decl.generates = scalar<string>(member(s, 'generates'), 'string');
  decl.restartFrom = nameRef(member(member(s, 'on-change'), 'restart-from'), uri);
  const debug = member(s, 'debug');
  decl.debugPort = scalar<number>(member(debug, 'port'), 'number');
  decl.breakOnStart = scalar<boolean>(member(debug, 'break-on-start'), 'boolean');
  const envVars = member(s, 'env-vars');
  if (envVars?.kind === 'object') for (const v of envVars.children) decl.envVars.push({ name: v.key!, node: v });
  return decl;
}
