// The bootstrap plan as text (for people), JSON (for tools), or a Mermaid /
// DOT picture of the waves.

import { namesWithMore } from '../text/names-with-more';
import type { BootstrapPlan as Plan } from '../graph/plan';
import type { WorkspaceAnalysis } from '../analysis';
import { stageChainDot, stageChainMermaid, stageChainOf, stageChainText, type StageChain } from './stage-chain';
import type { FixAllResult } from '../graph/types';
import { fixAllCount, fixAllDropped, fixAllResult } from '../fixes/fix-all';

export type PlanFormat = 'text' | 'json' | 'mermaid' | 'dot';

// A cycle cluster of more than this many packages is listed once in the text,
// not beside each of its members: on a tangled archive thousands of members
// each listing thousands of others made `strap plan` print hundreds of MB.
export const CLUSTER_LISTED_ONCE_ABOVE = 12;

// Each rebuild's washes-out list is computed on demand and can name thousands
// of bootstrap builds on an archive-sized plan; above this many rebuilds the
// lists are left out (and the output says so) rather than taking minutes.
export const WASHES_OUT_LIMIT = 1000;

// A stuck package's stuck inputs (or unknown names) in the text: the first
// this many, then how many more. On Debian's archive packages each waited for
// hundreds of stuck ones, and the text of the plan was 26 MB; the JSON keeps
// every name.
export const STUCK_NAMES_SHOWN = 20;

function someNames(names: readonly string[]): string {
  return namesWithMore(names, STUCK_NAMES_SHOWN);
}

const listsWashesOut = (plan: Plan) => plan.rebuilds.length <= WASHES_OUT_LIMIT;

/**
 * The plan of the workspace's packages; with stages, the stage chain first
 * (an environment bootstrap without packages shows only its chain).
 */
export function renderPlan(wa: WorkspaceAnalysis, format: PlanFormat): string {
  const plan = wa.plan;
  const chain = stageChainOf(wa.workspace);
  const chainOnly = chain.stages.length > 0 && wa.workspace.packages.size === 0;
  // What breaking the unbroken cycles takes (strap fix), with its lower bound:
  // the group's fix-all, solved once per analysis (the language server's
  // code action and its thread keep it too).
  const fix = fixAllResult(wa);
  switch (format) {
    case 'json': return JSON.stringify({ ...planJson(plan), stages: chain.stages, envs: chain.envs, ...(fix ? { fixAll: fixAllJson(fix) } : {}) }, null, 2) + '\n';
    case 'mermaid': return planMermaid(plan, chain);
    case 'dot': return planDot(plan, chain);
    default: {
      const text = chain.stages.length ? stageChainText(chain).join('\n') + '\n' : '';
      const fixLine = fix ? `Breaking every unbroken cycle (strap fix): ${fixAllCount(fix)}, ${fixAllDropped(fix)}\n` : '';
      return chainOnly ? text : text + (text ? '\n' : '') + planText(plan) + fixLine;
    }
  }
}

export function fixAllJson(fix: FixAllResult) {
  return { annotations: fix.annotations.length, lowerBound: fix.lowerBound, exact: fix.exact, dropped: fix.dropped, droppedLowerBound: fix.droppedLowerBound };
}

function buildLabel(b: { package: string; kind: 'full' | 'stage'; stage?: number }): string {
  return b.kind === 'stage' ? `${b.package} (stage ${b.stage})` : b.package;
}

/**
 * The unbroken cycle clusters of the stuck packages, each once (members as
 * the plan lists them), and each stuck package's cluster index.
 * Clusters are disjoint, so a cluster is known by any one of its members.
 */
function stuckClusters(plan: Plan): { clusters: string[][]; clusterOf: Map<string, number> } {
  const clusters: string[][] = [];
  const clusterOf = new Map<string, number>();
  const indexByFirst = new Map<string, number>();
  for (const s of plan.stuck) {
    if (s.reason !== 'cycle') continue;
    const first = s.cycle[0] ?? s.package;
    let k = indexByFirst.get(first);
    if (k === undefined) {
      k = clusters.length;
      indexByFirst.set(first, k);
      clusters.push(s.cycle.length ? s.cycle : [s.package]);
    }
    clusterOf.set(s.package, k);
  }
  return { clusters, clusterOf };
}

export function planJson(plan: Plan) {
  const { clusters, clusterOf } = stuckClusters(plan);
  return {
    waves: plan.waves.map((w) => ({ index: w.index, builds: w.builds })),
    rebuilds: plan.rebuilds.map((r) => ({ package: r.package, position: r.position, washesOut: listsWashesOut(plan) ? r.washesOut : null })),
    ...(listsWashesOut(plan) ? {} : { washesOutOmitted: `more than ${WASHES_OUT_LIMIT} rebuilds` }),
    // A package stuck in a cycle names its cluster by index into cycleClusters:
    // the members once, not once per member.
    stuck: plan.stuck.map((s) => (s.reason === 'cycle' ? { package: s.package, reason: s.reason, cluster: clusterOf.get(s.package)! } : s)),
    cycleClusters: clusters,
    unusedStages: plan.unusedStages,
    coverage: plan.coverage,
  };
}

function planText(plan: Plan): string {
  const lines: string[] = ['Bootstrap phase'];
  for (const w of plan.waves) {
    const kind = w.builds.some((b) => b.kind === 'stage') ? 'bootstrap build' : 'full builds';
    lines.push(`  wave ${w.index} (${kind}): ${w.builds.map(buildLabel).join(', ')}`);
  }
  if (plan.waves.length === 0) lines.push('  (nothing can be built)');
  lines.push('', 'Rebuild phase');
  const withLists = listsWashesOut(plan);
  if (!withLists) lines.push(`  (which bootstrap builds each rebuild washes out is left out above ${WASHES_OUT_LIMIT} rebuilds)`);
  for (const r of plan.rebuilds) {
    const washes = withLists ? r.washesOut : [];
    lines.push(`  ${r.position}. ${r.package}${washes.length ? ` — washes out ${washes.join(', ')}` : ''}`);
  }
  if (plan.rebuilds.length === 0) lines.push('  (nothing was built against a bootstrap build)');
  if (plan.stuck.length) {
    lines.push('', 'Stuck (never built fully)');
    const { clusters, clusterOf } = stuckClusters(plan);
    const listed = new Set<number>();
    for (const s of plan.stuck) {
      const cluster = s.reason === 'cycle' ? clusterOf.get(s.package)! : -1;
      if (cluster >= 0 && clusters[cluster].length > CLUSTER_LISTED_ONCE_ABOVE) {
        // Once per cluster, where its first stuck member would stand.
        if (listed.has(cluster)) continue;
        listed.add(cluster);
        lines.push(`  ${clusters[cluster].length} packages in one unbroken cycle cluster: ${clusters[cluster].join(', ')}`);
      } else if (s.reason === 'cycle') lines.push(`  ${s.package}: in an unbroken cycle with ${s.cycle.filter((m) => m !== s.package).join(', ') || 'itself'}`);
      else if (s.reason === 'unknown-dependency') lines.push(`  ${s.package}: needs unknown package${s.unknown.length === 1 ? '' : 's'} ${someNames(s.unknown)}`);
      else lines.push(`  ${s.package}: waits for stuck ${someNames(s.blockedBy)}`);
    }
  }
  if (plan.unusedStages.length) {
    lines.push('', 'Bootstrap stages never used');
    for (const u of plan.unusedStages) lines.push(`  ${u.package}: build-depends-bootstrap${u.stage}`);
  }
  const c = plan.coverage;
  lines.push('', `${c.count} of ${c.total} packages can be bootstrapped (${formatPercent(c.percent)}%)`);
  return lines.join('\n') + '\n';
}

function formatPercent(p: number): string {
  return Number.isInteger(p) ? String(p) : p.toFixed(1);
}

function planMermaid(plan: Plan, chain: StageChain): string {
  const lines = ['flowchart LR', ...stageChainMermaid(chain)];
  for (const w of plan.waves) {
    lines.push(`  subgraph wave${w.index}["wave ${w.index}"]`);
    w.builds.forEach((b, i) => lines.push(`    w${w.index}_${i}["${buildLabel(b).replace(/"/g, '#quot;')}"]`));
    lines.push('  end');
  }
  for (let i = 1; i < plan.waves.length; i++) lines.push(`  wave${plan.waves[i - 1].index} --> wave${plan.waves[i].index}`);
  if (plan.rebuilds.length) {
    lines.push('  subgraph rebuild["rebuild phase"]');
    plan.rebuilds.forEach((r) => lines.push(`    r${r.position}["${r.position}. ${r.package.replace(/"/g, '#quot;')}"]`));
    lines.push('  end');
    if (plan.waves.length) lines.push(`  wave${plan.waves[plan.waves.length - 1].index} --> rebuild`);
  }
  return lines.join('\n') + '\n';
}

function planDot(plan: Plan, chain: StageChain): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  // compound=true: the arrows between waves run from cluster to cluster (ltail/lhead).
  const lines = ['digraph plan {', '  rankdir=LR;', '  compound=true;', '  node [shape=box];', ...stageChainDot(chain)];
  for (const w of plan.waves) {
    lines.push(`  subgraph cluster_wave${w.index} {`, `    label=${q(`wave ${w.index}`)};`);
    w.builds.forEach((b, i) => lines.push(`    ${q(`w${w.index}_${i}`)} [label=${q(buildLabel(b))}${b.kind === 'stage' ? ', style=dashed' : ''}];`));
    lines.push('  }');
  }
  for (let i = 1; i < plan.waves.length; i++) {
    lines.push(`  ${q(`w${plan.waves[i - 1].index}_0`)} -> ${q(`w${plan.waves[i].index}_0`)} [ltail=${q(`cluster_wave${plan.waves[i - 1].index}`)}, lhead=${q(`cluster_wave${plan.waves[i].index}`)}];`);
  }
  if (plan.rebuilds.length) {
    lines.push('  subgraph cluster_rebuild {', `    label=${q('rebuild phase')};`);
    plan.rebuilds.forEach((r) => lines.push(`    ${q(`r${r.position}`)} [label=${q(`${r.position}. ${r.package}`)}];`));
    for (let i = 1; i < plan.rebuilds.length; i++) lines.push(`    ${q(`r${i}`)} -> ${q(`r${i + 1}`)};`);
    lines.push('  }');
    const last = plan.waves[plan.waves.length - 1];
    if (last) lines.push(`  ${q(`w${last.index}_0`)} -> ${q('r1')} [ltail=${q(`cluster_wave${last.index}`)}, lhead=${q('cluster_rebuild')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
