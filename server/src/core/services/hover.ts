// Hover: the schema's documentation on keys and enum values; on a package
// name its dependencies, dependents, cycle membership and place in the plan;
// on a stage or env name what the chain says about it.

import type { Analysis, WorkspaceAnalysis } from '../analysis';
import type { OffsetRange } from '../types';
import type { ParsedDocument } from '../document/parsed-document';
import { splitPointer } from '../document/json-pointer';
import type { EnvDecl, PackageDecl, StageDecl } from '../model/file-model';
import type { Workspace } from '../workspace/workspace';
import { symbolAt, type SymbolAt } from './navigation';
import { binaryIndex, binaryNamed, providerOf } from '../model/binary-index';
import { describe, enumValues, schemasAt } from './schema-nav';
import { code, codes, cycleOf, cycleText, planInfo, stuckText } from './graph-facts';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: OffsetRange;
}

const MAX_NAMES = 25;

export function hover(analysis: Analysis, uri: string, offset: number): HoverResult | undefined {
  const doc = analysis.documents.get(uri);
  if (!doc) return undefined;
  const wa = analysis.workspaceOf(uri);
  const sym = symbolAt(analysis, uri, offset);
  if (sym) {
    const contents = sym.kind === 'package' ? packageHover(wa, sym) : sym.kind === 'stage' ? stageHover(wa, sym) : envHover(wa, sym);
    const range = offset >= sym.range.start && offset <= sym.range.end ? sym.range : sym.fullRange;
    if (contents) return { contents, range };
  }
  const node = doc.nodeAt(offset);
  if (!node || node.pointer === '') return undefined;
  const path = splitPointer(node.pointer);
  if (node.keyRange && offset >= node.keyRange.start && offset <= node.keyRange.end) {
    const schemas = schemasAt(path, doc.value);
    if (!schemas.length) return undefined;
    const text = describe(schemas, node.key);
    return text ? { contents: text, range: node.keyRange } : undefined;
  }
  if (node.kind !== 'object' && node.kind !== 'array' && offset >= node.range.start && offset <= node.range.end && node.range.end > node.range.start) {
    return valueHover(doc, path, node.value, node.range);
  }
  return undefined;
}

function valueHover(doc: ParsedDocument, path: string[], value: unknown, range: OffsetRange): HoverResult | undefined {
  const schemas = schemasAt(path, doc.value);
  const values = enumValues(schemas);
  const match = values.find((v) => v.value === value);
  if (!match) return undefined;
  const key = path[path.length - 1];
  const parts = [`\`${key}: ${String(value)}\`${match.isDefault ? ' (the default)' : ''}`];
  if (match.documentation) parts.push(match.documentation);
  const others = values.filter((v) => v !== match).map((v) => '`' + String(v.value) + '`');
  if (others.length) parts.push(`Other values: ${others.join(', ')}`);
  return { contents: parts.join('\n\n'), range };
}

function names(list: string[]): string {
  if (!list.length) return '—';
  return codes(list, MAX_NAMES);
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** A binary (or a provided name): what it needs at runtime, and the package that builds it. */
function binaryHover(wa: WorkspaceAnalysis | undefined, ws: Workspace, sym: SymbolAt): string | undefined {
  const binary = binaryNamed(ws, sym.name);
  const provider = binary ? undefined : providerOf(ws, sym.name);
  const b = binary ?? provider;
  if (!b) return undefined;
  const lines: string[] = [];
  const where = b.uri !== sym.uri ? ` · declared in \`${fileName(b.uri)}\`` : '';
  if (binary) lines.push(`**binary** \`${sym.name}\` of package \`${b.packageName}\`${where}`);
  else {
    const all = binaryIndex(ws).providers.get(sym.name) ?? [];
    lines.push(`**provided name** \`${sym.name}\` · means binary \`${b.name}\` of package \`${b.packageName}\`${all.length > 1 ? ` (also provided by ${names(all.filter((x) => x !== b).map((x) => x.name))}; the lowest name wins)` : ''}`);
  }
  const dups = binaryIndex(ws).binaries.get(b.name) ?? [];
  if (binary && dups.length > 1) lines.push(`⚠ declared ${dups.length} times (by ${names(dups.map((d) => d.packageName))}); the first wins`);
  if (b.description) lines.push(b.description);
  const facts: string[] = [];
  const direct = b.depends.map((r) => r.name);
  const graph = wa?.graph;
  const closure = graph ? graph.runtimeClosure(b.name).filter((n) => n !== b.name) : direct;
  const indirect = closure.filter((n) => !direct.includes(n));
  facts.push(`- **depends:** ${names(direct)}${indirect.length ? ` (with ${names(indirect)} through them)` : ''}`);
  if (b.provides.length) facts.push(`- **provides:** ${names(b.provides.map((r) => r.name))}`);
  facts.push(b.prebuilt ? '- **prebuilt:** available before its package is built' : `- installing it needs \`${b.packageName}\` built`);
  lines.push(facts.join('\n'));
  return lines.join('\n\n');
}

function packageHover(wa: WorkspaceAnalysis | undefined, sym: SymbolAt): string {
  const ws = wa?.workspace;
  const decl: PackageDecl | undefined = ws?.packages.get(sym.name);
  if (ws && (!decl || (sym.declaration && splitPointer(sym.node.pointer).length === 4))) {
    // Not a package (or a binary's own key): a binary or a provided name.
    const text = binaryHover(wa, ws, sym);
    if (text) return text;
  }
  const lines: string[] = [];
  const where = decl && decl.uri !== sym.uri ? ` · declared in \`${fileName(decl.uri)}\`` : '';
  lines.push(`**package** \`${sym.name}\`${decl ? where : ' · not declared in this workspace'}`);
  const duplicates = ws?.packageDeclarations.get(sym.name) ?? [];
  if (duplicates.length > 1) lines.push(`⚠ declared ${duplicates.length} times (${duplicates.map((d) => '`' + fileName(d.uri) + '`').join(', ')})`);
  if (decl?.description) lines.push(decl.description);
  const graph = wa?.graph;
  const facts: string[] = [];
  if (decl) {
    facts.push(`- **build-depends:** ${names(decl.buildDepends.map((r) => r.name))}`);
    for (const b of decl.bootstrap) facts.push(`- **build-depends-bootstrap${b.stage}:** ${names(b.items.map((r) => r.name))}`);
    const closure = graph ? graph.runtimeClosure(sym.name).filter((n) => n !== sym.name) : decl.depends.map((r) => r.name);
    const direct = decl.depends.map((r) => r.name);
    const indirect = closure.filter((n) => !direct.includes(n));
    facts.push(`- **depends:** ${names(direct)}${indirect.length ? ` (with ${names(indirect)} through them)` : ''}`);
    if (decl.prebuilt) facts.push('- **prebuilt:** present before the plan starts; rebuilt natively at the end');
    if (decl.binaries.length) facts.push(`- **binaries:** ${names(decl.binaries.map((b) => b.name))}`);
  }
  if (graph && ws) {
    const buildNeeders = graph.dependents(sym.name);
    const runtimeNeeders = runtimeDependents(ws).get(sym.name) ?? [];
    facts.push(`- **needed to build:** ${names(buildNeeders)}`);
    if (runtimeNeeders.length) facts.push(`- **runtime dependency of:** ${names(runtimeNeeders)}`);
    const installers = ws.stages.filter((s) => s.installs.some((r) => r.name === sym.name)).map((s) => s.name);
    if (installers.length) facts.push(`- **installed by stage:** ${names(installers)}`);
  }
  if (facts.length) lines.push(facts.join('\n'));

  const cycle = cycleOf(wa, sym.name);
  if (cycle?.kind === 'unbroken') {
    lines.push(`**In an unbroken build-dependency cycle:** ${code(cycleText(cycle.path))}${cycle.members.length > cycle.path.length - 1 ? ` (the cycle's component has ${cycle.members.length} packages)` : ''}; no \`build-depends-bootstrapN\` breaks it.`);
  } else if (cycle?.kind === 'broken') {
    lines.push(`**In a build-dependency cycle broken by bootstrap builds:** ${code(cycleText(cycle.path))}, broken by ${(cycle.brokenBy ?? []).map(code).join(', ') || 'a bootstrap build'}.`);
  }

  const info = decl ? planInfo(wa, sym.name) : undefined;
  if (info) {
    const plan: string[] = [];
    if (info.prebuilt) plan.push('- available from the start (prebuilt)');
    for (const s of info.stageBuilds) plan.push(`- stage-${s.stage} build in wave ${s.wave}${s.tainted ? ' (against bootstrap builds)' : ''}`);
    if (info.fullBuildWave !== null) plan.push(`- full build in wave ${info.fullBuildWave}${info.tainted ? ' — tainted: it uses bootstrap builds' : ''}`);
    if (info.rebuildPosition !== null) {
      let washes: string[] = [];
      try {
        washes = wa?.plan?.washesOut?.(sym.name) ?? [];
      } catch {
        washes = [];
      }
      plan.push(`- rebuild #${info.rebuildPosition}${washes.length ? `, washing out ${names(washes)}` : ''}`);
    }
    const stuck = stuckText(info);
    if (stuck) plan.push(`- ${stuck}`);
    if (info.unusedStages.length) plan.push(`- bootstrap stage${info.unusedStages.length === 1 ? '' : 's'} ${info.unusedStages.join(', ')} never used by the plan`);
    if (plan.length) lines.push(`**Plan**\n${plan.join('\n')}`);
  }
  return lines.join('\n\n');
}

const reverseDepends = new WeakMap<Workspace, Map<string, string[]>>();

/** Who lists each package in `depends`, built once per workspace. */
function runtimeDependents(ws: Workspace): Map<string, string[]> {
  let index = reverseDepends.get(ws);
  if (!index) {
    index = new Map();
    for (const p of ws.packages.values()) {
      for (const r of p.depends) {
        const list = index.get(r.name);
        if (list) list.push(p.name);
        else index.set(r.name, [p.name]);
      }
    }
    reverseDepends.set(ws, index);
  }
  return index;
}

function stageHover(wa: WorkspaceAnalysis | undefined, sym: SymbolAt): string {
  const ws = wa?.workspace;
  const chain = ws?.stages ?? [];
  const index = chain.findIndex((s) => s.name === sym.name);
  const stage: StageDecl | undefined = chain[index];
  if (!stage) return `**stage** \`${sym.name}\` · not declared in this workspace`;
  const lines = [`**stage** \`${sym.name}\` · #${index + 1} of ${chain.length} in the chain${stage.uri !== sym.uri ? ` · declared in \`${fileName(stage.uri)}\`` : ''}`];
  const description = stage.node.kind === 'object' ? stage.node.children.find((c) => c.key === 'description')?.value : undefined;
  if (typeof description === 'string') lines.push(description);
  const facts: string[] = [];
  if (stage.interpreter) facts.push(`- **interpreter:** \`${stage.interpreter.kind === 'env' ? `env:${stage.interpreter.env}` : stage.interpreter.kind}\``);
  if (stage.imports) facts.push(`- **imports:** ${stage.imports.kind === 'packages' ? names(stage.imports.packages.map((r) => r.name)) : '`' + stage.imports.kind + '`'}`);
  if (stage.createsEnv) facts.push(`- **creates env:** \`${stage.createsEnv.name}\``);
  if (stage.installs.length) facts.push(`- **installs:** ${names(stage.installs.map((r) => r.name))}`);
  if (stage.writes) facts.push(`- **writes:** \`${stage.writes.value}\``);
  if (stage.run) facts.push(`- **run:** \`${stage.run.value}\``);
  if (stage.restartFrom) facts.push(`- **on change, restarts from:** \`${stage.restartFrom.name}\``);
  const previous = chain[index - 1];
  const next = chain[index + 1];
  if (previous) facts.push(`- **started by:** \`${previous.name}\``);
  if (next) facts.push(`- **starts:** \`${next.name}\`${next.handoff ? ` (handoff \`${next.handoff.value}\`)` : ''}`);
  const restartedBy = chain.filter((s) => s.restartFrom?.name === sym.name).map((s) => s.name);
  if (restartedBy.length) facts.push(`- **restart point of:** ${names(restartedBy)}`);
  if (facts.length) lines.push(facts.join('\n'));
  return lines.join('\n\n');
}

function envHover(wa: WorkspaceAnalysis | undefined, sym: SymbolAt): string {
  const ws = wa?.workspace;
  const env: EnvDecl | undefined = ws?.envs.get(sym.name);
  if (!env) return `**env** \`${sym.name}\` · not declared in this workspace`;
  const lines = [`**env** \`${sym.name}\`${env.uri !== sym.uri ? ` · declared in \`${fileName(env.uri)}\`` : ''}`];
  const facts: string[] = [];
  if (env.manager) facts.push(`- **manager:** \`${env.manager.value}\``);
  if (env.path) facts.push(`- **path:** \`${env.path.value}\``);
  if (env.python) facts.push(`- **python:** \`${env.python.value}\``);
  if (env.requirements) facts.push(`- **requirements:** \`${env.requirements.value}\``);
  const creators = (ws?.stages ?? []).filter((s) => s.createsEnv?.name === sym.name).map((s) => s.name);
  const users = (ws?.stages ?? []).filter((s) => s.interpreter?.env === sym.name).map((s) => s.name);
  facts.push(`- **created by stage:** ${names(creators)}`);
  facts.push(`- **stages running in it:** ${names(users)}`);
  lines.push(facts.join('\n'));
  return lines.join('\n\n');
}
