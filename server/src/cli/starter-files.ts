// The starter files `strap init` writes: each clean under `strap check`
// (test/cli/init.test.js checks it), commented for a first reading.

export type StarterKind = 'env' | 'distro';

export const STARTER_KINDS: readonly StarterKind[] = ['env', 'distro'];

export const STARTER_DESCRIPTION: Record<StarterKind, string> = {
  env: 'an environment bootstrap: a chain of stages that creates a venv, installs into it and generates files',
  distro: 'a small distribution: packages whose build-dependency cycle a bootstrap stage breaks, from a prebuilt seed',
};

const ENV = `# An environment bootstrap: an ordered chain of stages (document order is
# run order), each starting the next. Check it with 'strap check', see the
# chain with 'strap plan'. The format: docs/format.md in strap.
version: 1

python: { min: "3.9" }           # the oldest Python the early stages must run on

envs:
  main: { manager: venv, path: "@/.venv/", python: "3.12" }    # @/ is this file's folder

stages:
  find_conf:
    description: Locate the project configuration.
    interpreter: host            # not known yet: whatever started the chain
    imports: stdlib
  init_venv:
    interpreter: host
    imports: stdlib              # the venv does not exist yet
    creates-env: main
    writes: create               # none | create | modify
    state-file: "@/.state/init_venv.json"   # present: re-use the venv; absent: create it
  install_deps:
    interpreter: env:main
    imports: stdlib
    installs: [pyyaml]
  generate_files:
    interpreter: env:main
    imports: [pyyaml]            # installed by an earlier stage
    require-clean-tree: true     # files may be modified from here on
    writes: modify
    generates: "@/gen/config/"
    on-change: { restart-from: init_venv }
    # run: "@/tools/generate.py"  # a script of your own instead of the default stage (it must exist)

packages:
  pyyaml: { description: YAML parser and emitter for Python }
`;

const DISTRO = `# A small distribution: packages, their build dependencies, and the bootstrap
# stage that breaks their build-dependency cycle. 'strap plan' prints the
# build order, 'strap graph' draws the graph. The format: docs/format.md in strap.
version: 1

packages:
  seed-cc:
    description: A compiler binary to start from.
    prebuilt: true               # present before anything is built; rebuilt natively at the end
  binutils:
    build-depends: [seed-cc]
  gcc:
    build-depends: [glibc, binutils]
    build-depends-bootstrap1: [binutils]   # a stage-1 gcc builds without glibc
  glibc:
    build-depends: [gcc, binutils]   # gcc needs glibc, glibc needs gcc: stage 1 breaks the cycle
    depends: [tzdata]                # runtime: installed wherever glibc is
  tzdata: {}
  make:
    build-depends: [gcc, glibc]
`;

export const STARTER_TEXT: Record<StarterKind, string> = { env: ENV, distro: DISTRO };
