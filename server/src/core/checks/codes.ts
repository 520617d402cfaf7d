// Every diagnostic code strap emits, with its default severity and what it
// means: the one list `--severity` / `strap.severity` names are checked
// against, and the one docs/format.md is tested against.

import type { Severity } from '../types';

export interface CodeInfo {
  code: string;
  severity: Severity;
  summary: string;
}

export const DIAGNOSTIC_CODES: readonly CodeInfo[] = [
  { code: 'syntax', severity: 'error', summary: 'the YAML or JSON does not parse' },
  { code: 'duplicate-key', severity: 'error', summary: 'a key appears twice in one mapping' },
  { code: 'alias-limit', severity: 'error', summary: 'YAML aliases expand past the limit (an alias bomb)' },
  { code: 'nesting-limit', severity: 'error', summary: 'the document is nested too deeply to analyse' },
  { code: 'schema', severity: 'error', summary: 'a JSON Schema violation' },
  { code: 'unknown-package', severity: 'error', summary: 'a package name nobody declares' },
  { code: 'unknown-stage', severity: 'error', summary: 'a stage name the chain does not have' },
  { code: 'unknown-env', severity: 'error', summary: 'an env name nobody declares' },
  { code: 'duplicate-package', severity: 'error', summary: 'a package declared twice across included files' },
  { code: 'duplicate-env', severity: 'error', summary: 'an env declared twice across included files' },
  { code: 'duplicate-binary', severity: 'error', summary: 'a binary declared twice (by one package or two)' },
  { code: 'binary-named-like-package', severity: 'error', summary: 'a binary named like another package (the package wins)' },
  { code: 'provides-collides', severity: 'warning', summary: 'a name a binary provides that is also a package or binary (the real one wins)' },
  { code: 'duplicate-stage', severity: 'error', summary: 'a stage declared twice across included files' },
  { code: 'include-missing', severity: 'error', summary: 'an include names a file that does not exist' },
  { code: 'include-outside-root', severity: 'error', summary: 'an include leaves the workspace root' },
  { code: 'include-not-bootstrap', severity: 'error', summary: 'an include names a file that is not a bootstrap file' },
  { code: 'build-cycle', severity: 'error', summary: 'a build-dependency cycle no bootstrap stage breaks' },
  { code: 'build-cycle-broken', severity: 'information', summary: 'a cycle a bootstrap stage or a prebuilt package breaks' },
  { code: 'build-cycle-cluster', severity: 'error', summary: 'a cluster of unbroken cycles too big to report entry by entry: its size and lower bound' },
  { code: 'build-cycle-blocked', severity: 'warning', summary: 'a package whose own cycles are broken but which waits for an unbroken cycle' },
  { code: 'bootstrap-set-drops-nothing', severity: 'warning', summary: 'a build-depends-bootstrapN that drops nothing' },
  { code: 'bootstrap-set-adds', severity: 'information', summary: 'a stage-N entry absent from build-depends' },
  { code: 'bootstrap-set-unused', severity: 'hint', summary: 'a bootstrap stage the plan never uses' },
  { code: 'interpreter-backwards', severity: 'error', summary: 'an interpreter moving backwards along the chain (host → selected → env)' },
  { code: 'env-used-before-created', severity: 'error', summary: 'a stage runs in an env before the stage that creates it' },
  { code: 'env-used-by-creator', severity: 'error', summary: 'a stage runs inside the env it creates' },
  { code: 'env-created-twice', severity: 'error', summary: 'two stages create the same env' },
  { code: 'env-never-created', severity: 'warning', summary: 'a stage runs in an env no stage creates' },
  { code: 'host-imports', severity: 'error', summary: 'a host stage imports more than the standard library' },
  { code: 'import-not-installed', severity: 'error', summary: 'a stage imports a package no earlier stage installs' },
  { code: 'modify-before-clean-tree', severity: 'error', summary: 'writes: modify before the first stage with require-clean-tree' },
  { code: 'restart-from-not-earlier', severity: 'error', summary: 'on-change.restart-from names this stage or a later one' },
  { code: 'missing-file', severity: 'error', summary: 'a run script or requirements file that does not exist' },
  { code: 'path-outside-root', severity: 'error', summary: 'a run script or requirements file outside the workspace root' },
  { code: 'state-file-outside-project', severity: 'error', summary: 'a state-file outside @/' },
  { code: 'state-file-shared', severity: 'error', summary: 'two stages share a state-file' },
  { code: 'generates-outside-gen', severity: 'error', summary: 'a generates path outside @/gen/' },
  { code: 'generates-shared', severity: 'error', summary: 'two stages claim the same generates path' },
  { code: 'debug-port-shared', severity: 'error', summary: 'two stages open the same debug port' },
  { code: 'break-on-start-without-port', severity: 'error', summary: 'debug.break-on-start without debug.port' },
  { code: 'env-python-below-min', severity: 'error', summary: "an env's python older than python.min" },
  { code: 'env-var-reserved', severity: 'warning', summary: 'env-vars overriding PATH, VIRTUAL_ENV or PYTHONPATH' },
];

const KNOWN = new Set(DIAGNOSTIC_CODES.map((c) => c.code));

export function isDiagnosticCode(code: string): boolean {
  return KNOWN.has(code);
}
