// The build graph as DOT, Mermaid or JSON: every package, its build-depends
// (solid) and runtime depends (dotted); edges inside an unbroken cycle in
// red, inside a cycle a bootstrap stage breaks in orange; and the stage
// chain, when given. `cyclesOnly` keeps just the packages in cycles.

import type { PackageSpec } from '../graph/types';
import { stageChainDot, stageChainMermaid, type StageChain } from './stage-chain';

export interface GraphRenderInput {
  specs: PackageSpec[];
  /** Members of each unbroken cycle's strongly connected component. */
  unbroken: string[][];
  /** Members of each strongly connected component that bootstrap builds break. */
  broken: string[][];
  /** The stage chain, drawn beside the packages. */
  chain?: StageChain;
}

export interface GraphRenderOptions {
  format: 'mermaid' | 'dot' | 'json';
  cyclesOnly: boolean;
}

interface Edge { from: string; to: string; kind: 'build' | 'runtime'; cycle: 'unbroken' | 'broken' | undefined }

export function renderGraph(input: GraphRenderInput, options: GraphRenderOptions): string {
  const componentOf = new Map<string, { id: number; kind: 'unbroken' | 'broken' }>();
  input.unbroken.forEach((members, id) => members.forEach((m) => componentOf.set(m, { id, kind: 'unbroken' })));
  input.broken.forEach((members, id) => members.forEach((m) => { if (!componentOf.has(m)) componentOf.set(m, { id: id + input.unbroken.length, kind: 'broken' }); }));
  const sameComponent = (a: string, b: string) => {
    const ca = componentOf.get(a);
    return ca && componentOf.get(b)?.id === ca.id ? ca.kind : undefined;
  };
  const nodes = new Set<string>();
  const edges: Edge[] = [];
  const sorted = [...input.specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const spec of sorted) {
    if (options.cyclesOnly && !componentOf.has(spec.name)) continue;
    nodes.add(spec.name);
    for (const dep of [...new Set(spec.buildDepends)].sort()) {
      const cycle = sameComponent(spec.name, dep);
      if (options.cyclesOnly && !cycle) continue;
      nodes.add(dep);
      edges.push({ from: spec.name, to: dep, kind: 'build', cycle });
    }
    for (const dep of [...new Set(spec.depends)].sort()) {
      const cycle = sameComponent(spec.name, dep);
      if (options.cyclesOnly && !cycle) continue;
      nodes.add(dep);
      edges.push({ from: spec.name, to: dep, kind: 'runtime', cycle });
    }
  }
  const declared = new Set(input.specs.map((s) => s.name));
  const chain = input.chain ?? { stages: [], envs: [] };
  if (options.format === 'json') return graphJson([...nodes], edges, componentOf, declared, chain);
  return options.format === 'dot' ? dot([...nodes], edges, componentOf, declared, chain) : mermaid([...nodes], edges, componentOf, declared, chain);
}

/** `{packages: [{name, declared, cycle}], edges: [{from, to, kind, cycle}], stages, envs}`; cycle: 'unbroken', 'broken' or null. */
function graphJson(nodes: string[], edges: Edge[], componentOf: Map<string, { kind: 'unbroken' | 'broken' }>, declared: Set<string>, chain: StageChain): string {
  return JSON.stringify({
    packages: nodes.map((name) => ({ name, declared: declared.has(name), cycle: componentOf.get(name)?.kind ?? null })),
    edges: edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, cycle: e.cycle ?? null })),
    stages: chain.stages,
    envs: chain.envs,
  }, null, 2) + '\n';
}

const COLOR = { unbroken: 'red', broken: 'orange' } as const;

function dot(nodes: string[], edges: Edge[], componentOf: Map<string, { kind: 'unbroken' | 'broken' }>, declared: Set<string>, chain: StageChain): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph build {', '  rankdir=LR;', '  node [shape=box];', ...stageChainDot(chain)];
  for (const n of nodes) {
    const attrs: string[] = [];
    const c = componentOf.get(n);
    if (c) attrs.push(`color=${COLOR[c.kind]}`);
    if (!declared.has(n)) attrs.push('style=dashed', 'label=' + q(`${n} (unknown)`));
    lines.push(`  ${q(n)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  for (const e of edges) {
    const attrs: string[] = [];
    if (e.kind === 'runtime') attrs.push('style=dotted');
    if (e.cycle) attrs.push(`color=${COLOR[e.cycle]}`);
    lines.push(`  ${q(e.from)} -> ${q(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function mermaid(nodes: string[], edges: Edge[], componentOf: Map<string, { kind: 'unbroken' | 'broken' }>, declared: Set<string>, chain: StageChain): string {
  // Mermaid ids must be plain; labels carry the real names.
  const ids = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const label = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const n of nodes) lines.push(`  ${ids.get(n)}["${label(declared.has(n) ? n : `${n} (unknown)`)}"]`);
  const styles: string[] = [];
  edges.forEach((e, i) => {
    lines.push(`  ${ids.get(e.from)} ${e.kind === 'runtime' ? '-.->' : '-->'} ${ids.get(e.to)}`);
    if (e.cycle) styles.push(`  linkStyle ${i} stroke:${COLOR[e.cycle]},stroke-width:2px`);
  });
  lines.push('  classDef unbroken stroke:red,stroke-width:2px;', '  classDef broken stroke:orange;');
  for (const kind of ['unbroken', 'broken'] as const) {
    const members = nodes.filter((n) => componentOf.get(n)?.kind === kind).map((n) => ids.get(n));
    if (members.length) lines.push(`  class ${members.join(',')} ${kind};`);
  }
  // The chain's links come after the packages', so linkStyle's indices still count the packages' edges.
  return [...lines, ...stageChainMermaid(chain), ...styles].join('\n') + '\n';
}
