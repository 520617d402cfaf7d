// The stage chain rules (docs/format.md, "The stage chain"): the order of interpreters, envs, imports,
// writes and restarts along the chain, and the paths and ports stages claim.

import type { CoreDiagnostic } from '../types';
import type { ParsedDocument } from '../document/parsed-document';
import type { ScalarRef, StageDecl } from '../model/file-model';
import type { SourceProvider } from '../workspace/source-provider';
import type { Workspace } from '../workspace/workspace';
import { dirnameUri, isInside, resolveReference } from '../workspace/uris';
import { at, keyLocation } from './diagnostic';
import { unknownName } from './references';

const INTERPRETER_RANK = { host: 0, selected: 1, env: 2 } as const;
const RESERVED_ENV_VARS = new Set(['PATH', 'VIRTUAL_ENV', 'PYTHONPATH']);

export function checkStageChain(ws: Workspace, provider: SourceProvider, roots: string[]): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const docs = new Map<string, ParsedDocument>(ws.files.map((f) => [f.uri, f.doc]));
  const stages = ws.stages;
  const envNames = [...ws.envs.keys()];
  const stageNames = [...new Set(stages.map((s) => s.name))];
  const firstIndex = new Map<string, number>();
  stages.forEach((s, i) => { if (!firstIndex.has(s.name)) firstIndex.set(s.name, i); });

  // Duplicate stage names (across files; inside one file the parser reports a duplicate key).
  stages.forEach((s, i) => {
    const first = firstIndex.get(s.name)!;
    if (first !== i && stages[first].uri !== s.uri) {
      out.push(at(s, 'error', 'duplicate-stage', `stage '${s.name}' is declared more than once`, { on: 'key', related: [keyLocation(stages[first].uri, stages[first].node, 'first declaration')] }));
    }
  });

  // Which stage creates each env, and where.
  const creator = new Map<string, number>();
  stages.forEach((s, i) => {
    if (!s.createsEnv) return;
    if (!ws.envs.has(s.createsEnv.name)) out.push(unknownName(s.createsEnv, 'env', envNames, docs));
    else if (!creator.has(s.createsEnv.name)) creator.set(s.createsEnv.name, i);
    else {
      const other = stages[creator.get(s.createsEnv.name)!];
      out.push(at(s.createsEnv, 'error', 'env-created-twice', `env '${s.createsEnv.name}' is already created by stage '${other.name}'`, { related: [keyLocation(other.uri, other.node, `stage '${other.name}' creates it`)] }));
    }
  });

  let highest: { rank: number; stage: StageDecl } | undefined;
  let firstCleanTree = stages.findIndex((s) => s.requireCleanTree?.value === true);
  if (firstCleanTree < 0) firstCleanTree = Infinity;
  const installed = new Set<string>();
  const stateFiles = new Map<string, StageDecl>();
  const generated: Array<{ uri: string; stage: StageDecl }> = [];
  const ports = new Map<number, StageDecl>();

  stages.forEach((s, i) => {
    const interp = s.interpreter;
    if (interp) {
      const rank = INTERPRETER_RANK[interp.kind];
      if (highest && rank < highest.rank) {
        out.push(at({ uri: s.uri, node: interp.node }, 'error', 'interpreter-backwards',
          `stage '${s.name}' runs on '${interp.node.value}' after stage '${highest.stage.name}' ran on '${highest.stage.interpreter!.node.value}'; interpreters only move forward (host → selected → env)`));
      }
      if (!highest || rank > highest.rank) highest = { rank, stage: s };
      if (interp.kind === 'env' && interp.env) {
        const env = interp.env;
        if (!ws.envs.has(env)) {
          out.push(unknownName({ name: env, uri: s.uri, node: interp.node }, 'env', envNames, docs, 'env:'));
        } else if (creator.get(env) === i) {
          out.push(at({ uri: s.uri, node: interp.node }, 'error', 'env-used-by-creator', `stage '${s.name}' cannot run inside env '${env}': it creates that env`));
        } else if (creator.has(env) && creator.get(env)! > i) {
          const c = stages[creator.get(env)!];
          out.push(at({ uri: s.uri, node: interp.node }, 'error', 'env-used-before-created', `stage '${s.name}' runs in env '${env}' before stage '${c.name}' creates it`, { related: [keyLocation(c.uri, c.node, `stage '${c.name}' creates '${env}'`)] }));
        } else if (!creator.has(env) && ws.envs.get(env)!.manager?.value !== 'system') {
          out.push(at({ uri: s.uri, node: interp.node }, 'warning', 'env-never-created', `stage '${s.name}' runs in env '${env}', but no stage creates it (add 'creates-env: ${env}' to an earlier stage)`));
        }
      }
    }

    if (s.imports && interp?.kind === 'host' && s.imports.kind !== 'stdlib') {
      out.push(at({ uri: s.uri, node: s.imports.node }, 'error', 'host-imports', `stage '${s.name}' runs on the host interpreter, so it may import only the standard library`));
    }
    if (s.imports?.kind === 'packages') {
      for (const ref of s.imports.packages) {
        if (ws.packages.has(ref.name) && !installed.has(ref.name)) {
          out.push(at(ref, 'error', 'import-not-installed', `stage '${s.name}' imports '${ref.name}', which no earlier stage installs`));
        }
      }
    }
    for (const ref of s.installs) installed.add(ref.name);

    if (s.writes?.value === 'modify' && i < firstCleanTree) {
      const message = firstCleanTree === Infinity
        ? `stage '${s.name}' modifies files, but no stage up to it sets 'require-clean-tree: true'`
        : `stage '${s.name}' modifies files before stage '${stages[firstCleanTree].name}', the first that requires a clean tree`;
      out.push(at({ uri: s.uri, node: s.writes.node }, 'error', 'modify-before-clean-tree', message));
    }

    if (s.restartFrom) {
      const target = firstIndex.get(s.restartFrom.name);
      if (target === undefined) out.push(unknownName(s.restartFrom, 'stage', stageNames, docs));
      else if (target >= i) {
        out.push(at(s.restartFrom, 'error', 'restart-from-not-earlier', target === i
          ? `stage '${s.name}' cannot restart from itself; name an earlier stage`
          : `stage '${s.name}' restarts from '${s.restartFrom.name}', which comes later in the chain; name an earlier stage`));
      }
    }

    if (s.run) out.push(...missingFile(s.uri, s.run, 'run script', ws, provider, roots));

    if (s.stateFile) {
      const target = resolveReference(s.stateFile.value, dirnameUri(s.uri), ws.projectRoot);
      if (!isInside(target, ws.projectRoot)) {
        out.push(at({ uri: s.uri, node: s.stateFile.node }, 'error', 'state-file-outside-project', `state file '${s.stateFile.value}' is outside the project root @/`));
      } else if (stateFiles.has(target)) {
        const other = stateFiles.get(target)!;
        out.push(at({ uri: s.uri, node: s.stateFile.node }, 'error', 'state-file-shared', `stage '${s.name}' shares its state file with stage '${other.name}'`, { related: [keyLocation(other.uri, other.stateFile!.node, `stage '${other.name}'`)] }));
      } else stateFiles.set(target, s);
    }

    if (s.generates) {
      const target = resolveReference(s.generates.value, dirnameUri(s.uri), ws.projectRoot);
      const genRoot = resolveReference('@/gen/', dirnameUri(s.uri), ws.projectRoot);
      if (!isInside(target, genRoot) || target === genRoot) {
        out.push(at({ uri: s.uri, node: s.generates.node }, 'error', 'generates-outside-gen', `generated files must live under @/gen/<origin>/, not '${s.generates.value}'`));
      } else {
        const clash = generated.find((g) => isInside(target, g.uri) || isInside(g.uri, target));
        if (clash) {
          out.push(at({ uri: s.uri, node: s.generates.node }, 'error', 'generates-shared', `stage '${s.name}' generates into '${s.generates.value}', which stage '${clash.stage.name}' already claims`, { related: [keyLocation(clash.stage.uri, clash.stage.generates!.node, `stage '${clash.stage.name}'`)] }));
        } else generated.push({ uri: target, stage: s });
      }
    }

    if (s.debugPort) {
      const other = ports.get(s.debugPort.value);
      if (other) out.push(at({ uri: s.uri, node: s.debugPort.node }, 'error', 'debug-port-shared', `stage '${s.name}' uses debug port ${s.debugPort.value}, already used by stage '${other.name}'`, { related: [keyLocation(other.uri, other.debugPort!.node, `stage '${other.name}'`)] }));
      else ports.set(s.debugPort.value, s);
    }
    if (s.breakOnStart?.value === true && !s.debugPort) {
      out.push(at({ uri: s.uri, node: s.breakOnStart.node }, 'error', 'break-on-start-without-port', `stage '${s.name}' sets 'break-on-start' but no debug port`, { on: 'key' }));
    }
    for (const v of s.envVars) {
      if (RESERVED_ENV_VARS.has(v.name)) {
        out.push(at({ uri: s.uri, node: v.node }, 'warning', 'env-var-reserved', `stage '${s.name}' overrides ${v.name}, which the bootstrap manages itself`, { on: 'key' }));
      }
    }
  });

  // Envs: python below the minimum, missing requirements files.
  const min = ws.files[0]?.pythonMin;
  for (const env of ws.envs.values()) {
    if (min && env.python && compareVersions(env.python.value, min.value) < 0) {
      out.push(at({ uri: env.uri, node: env.python.node }, 'error', 'env-python-below-min', `env '${env.name}' uses Python ${env.python.value}, below python.min ${min.value}`, { related: [keyLocation(ws.files[0].uri, min.node, 'python.min')] }));
    }
    if (env.requirements) out.push(...missingFile(env.uri, env.requirements, 'requirements file', ws, provider, roots));
  }
  return out;
}

function missingFile(uri: string, ref: ScalarRef<string>, what: string, ws: Workspace, provider: SourceProvider, roots: string[]): CoreDiagnostic[] {
  const target = resolveReference(ref.value, dirnameUri(uri), ws.projectRoot);
  if (roots.length && !roots.some((r) => isInside(target, r))) {
    return [at({ uri, node: ref.node }, 'error', 'path-outside-root', `${what} '${ref.value}' is outside the workspace root`)];
  }
  if (!provider.exists(target)) return [at({ uri, node: ref.node }, 'error', 'missing-file', `${what} '${ref.value}' does not exist`, { data: { target } })];
  return [];
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
