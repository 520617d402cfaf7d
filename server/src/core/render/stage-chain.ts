// The stage chain of an environment bootstrap, for `strap plan` and
// `strap graph`: the stages in run order, how each starts the next, the envs
// they create and the `restart-from` loops.

import type { EnvDecl, StageDecl } from '../model/file-model';
import type { Workspace } from '../workspace/workspace';

export interface ChainStage {
  name: string;
  /** `host`, `selected` or `env:<name>`; absent when the stage does not say. */
  interpreter: string | null;
  /** How the previous stage starts this one (exec when not said). */
  handoff: string;
  imports: string | string[] | null;
  createsEnv: string | null;
  installs: string[];
  run: string | null;
  writes: string | null;
  restartFrom: string | null;
  debugPort: number | null;
  breakOnStart: boolean;
  envVars: string[];
}

export interface ChainEnv {
  name: string;
  manager: string | null;
  python: string | null;
}

export interface StageChain {
  stages: ChainStage[];
  envs: ChainEnv[];
}

export function stageChainOf(ws: Workspace): StageChain {
  return {
    stages: ws.stages.map(chainStage),
    envs: [...ws.envs.values()].map(chainEnv),
  };
}

function chainStage(s: StageDecl): ChainStage {
  const interpreter = s.interpreter ? (s.interpreter.kind === 'env' ? `env:${s.interpreter.env ?? ''}` : s.interpreter.kind) : null;
  const imports = s.imports ? (s.imports.kind === 'packages' ? s.imports.packages.map((p) => p.name) : s.imports.kind) : null;
  return {
    name: s.name,
    interpreter,
    handoff: typeof s.handoff?.value === 'string' ? s.handoff.value : 'exec',
    imports,
    createsEnv: s.createsEnv?.name ?? null,
    installs: s.installs.map((p) => p.name),
    run: typeof s.run?.value === 'string' ? s.run.value : null,
    writes: typeof s.writes?.value === 'string' ? s.writes.value : null,
    restartFrom: s.restartFrom?.name ?? null,
    debugPort: typeof s.debugPort?.value === 'number' ? s.debugPort.value : null,
    breakOnStart: s.breakOnStart?.value === true,
    envVars: s.envVars.map((v) => v.name),
  };
}

function chainEnv(e: EnvDecl): ChainEnv {
  return {
    name: e.name,
    manager: typeof e.manager?.value === 'string' ? e.manager.value : null,
    python: typeof e.python?.value === 'string' ? e.python.value : null,
  };
}

/** One line per stage, e.g. `2. init_venv (host, exec): creates env main; writes create`. */
export function stageChainText(chain: StageChain): string[] {
  const lines = ['Stage chain'];
  chain.stages.forEach((s, i) => {
    const facts: string[] = [];
    if (s.createsEnv) facts.push(`creates env ${s.createsEnv}${envSuffix(chain, s.createsEnv)}`);
    if (s.installs.length) facts.push(`installs ${s.installs.join(', ')}`);
    if (s.imports !== null) facts.push(`imports ${Array.isArray(s.imports) ? s.imports.join(', ') : s.imports}`);
    if (s.run) facts.push(`runs ${s.run}`);
    if (s.writes && s.writes !== 'none') facts.push(`writes ${s.writes}`);
    if (s.debugPort !== null) facts.push(`debug port ${s.debugPort}${s.breakOnStart ? ' (break on start)' : ''}`);
    if (s.envVars.length) facts.push(`sets ${s.envVars.join(', ')}`);
    if (s.restartFrom) facts.push(`on change restarts from ${s.restartFrom}`);
    const how = i === 0 ? s.interpreter ?? 'interpreter unsaid' : `${s.interpreter ?? 'interpreter unsaid'}, started by ${s.handoff}`;
    lines.push(`  ${i + 1}. ${s.name} (${how})${facts.length ? `: ${facts.join('; ')}` : ''}`);
  });
  return lines;
}

function envSuffix(chain: StageChain, name: string): string {
  const env = chain.envs.find((e) => e.name === name);
  if (!env) return '';
  const parts = [env.manager, env.python && `Python ${env.python}`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

const quoteDot = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A DOT cluster of the chain (ids `stage:<index>`), to sit inside a digraph. */
export function stageChainDot(chain: StageChain, indent = '  '): string[] {
  if (chain.stages.length === 0) return [];
  const id = (i: number) => quoteDot(`stage:${i}`);
  const first = firstIndex(chain);
  const lines = [`${indent}subgraph cluster_stages {`, `${indent}  label=${quoteDot('stage chain')};`];
  chain.stages.forEach((s, i) => {
    const label = [s.name, s.interpreter ?? '?', ...(s.createsEnv ? [`creates env ${s.createsEnv}`] : [])].map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n');
    lines.push(`${indent}  ${id(i)} [label="${label}", shape=box, style=rounded];`);
  });
  chain.stages.forEach((s, i) => {
    if (i > 0) lines.push(`${indent}  ${id(i - 1)} -> ${id(i)} [label=${quoteDot(s.handoff)}${s.handoff === 'pipe' ? ', style=bold' : ''}];`);
  });
  chain.stages.forEach((s, i) => {
    const target = s.restartFrom === null ? undefined : first.get(s.restartFrom);
    if (target !== undefined) lines.push(`${indent}  ${id(i)} -> ${id(target)} [label=${quoteDot('on change')}, style=dashed, constraint=false];`);
  });
  lines.push(`${indent}}`);
  return lines;
}

function firstIndex(chain: StageChain): Map<string, number> {
  const first = new Map<string, number>();
  chain.stages.forEach((s, i) => { if (!first.has(s.name)) first.set(s.name, i); });
  return first;
}

/** A Mermaid subgraph of the chain (ids `s0`, `s1`, …), to sit inside a flowchart. */
export function stageChainMermaid(chain: StageChain): string[] {
  if (chain.stages.length === 0) return [];
  const label = (s: string) => s.replace(/"/g, '#quot;');
  const index = firstIndex(chain);
  const lines = ['  subgraph stages["stage chain"]'];
  chain.stages.forEach((s, i) => {
    lines.push(`    s${i}("${label(`${s.name} · ${s.interpreter ?? '?'}${s.createsEnv ? ` · creates env ${s.createsEnv}` : ''}`)}")`);
  });
  chain.stages.forEach((s, i) => { if (i > 0) lines.push(`    s${i - 1} -->|${s.handoff}| s${i}`); });
  chain.stages.forEach((s, i) => {
    const target = s.restartFrom === null ? undefined : index.get(s.restartFrom);
    if (target !== undefined) lines.push(`    s${i} -.->|on change| s${target}`);
  });
  lines.push('  end');
  return lines;
}
