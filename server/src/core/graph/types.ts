// Plain-data vocabulary of the build-graph engine (SPEC §1 "Packages", §2 "Cycles",
// §3 "The bootstrap plan"). Nothing here knows about documents or positions.
//
// Conventions used throughout the engine:
// - Every tie is broken by the lowest name in plain JavaScript string order
//   (`a < b`, i.e. UTF-16 code-unit order).
// - Wave indices and rebuild positions are 1-based (they are shown to people:
//   "built fully in wave 3", "rebuild #2").

/** One declared package, as the parser hands it over. */
export interface PackageSpec {
  name: string;
  buildDepends: string[];
  depends: string[];
  /** `build-depends-bootstrapN` sets, any order. */
  bootstrap: Array<{ stage: number; buildDepends: string[] }>;
  prebuilt: boolean;
  /**
   * The binaries the package builds. Absent or empty: the package is its own
   * single binary (its `depends` are that binary's). Present: naming a binary
   * installs that binary and its own runtime closure, and building needs the
   * package that declares it; naming the package installs all its binaries.
   */
  binaries?: BinarySpec[];
}

/** One binary of a package. */
export interface BinarySpec {
  name: string;
  /** Runtime dependencies of this binary (binaries, virtual names or packages). */
  depends: string[];
  /** Virtual names this binary provides. */
  provides?: string[];
  /** Available before its package is built (e.g. Debian's `Architecture: all` binaries). */
  prebuilt?: boolean;
}

/** One edge of the build graph, by name. */
export interface CycleEdge {
  from: string;
  to: string;
  /** The build-depends entry of `from` that induced the edge (`to` itself for a direct edge). */
  via: string;
}

/** A cycle of the build graph: `edges[i]` goes from `nodes[i]` to `nodes[(i + 1) % nodes.length]`. */
export interface CyclePath {
  nodes: string[];
  edges: CycleEdge[];
}

// ---------------------------------------------------------------------------
// The plan (SPEC §3)

export interface WaveBuild {
  package: string;
  kind: 'full' | 'stage';
  /** Present when kind is 'stage'. */
  stage?: number;
}

export interface Wave {
  /** 1-based. */
  index: number;
  builds: WaveBuild[];
}

export interface RebuildEntry {
  package: string;
  /** 1-based position in the rebuild phase. */
  position: number;
  /**
   * The bootstrap builds this rebuild washes out, e.g. `gcc@stage1`, `gcc@prebuilt`,
   * sorted by package then (prebuilt, stage 1, stage 2, ...). Computed lazily on first
   * read (it is an enumerable getter, so JSON.stringify includes it): on very large
   * graphs these sets can be big.
   */
  readonly washesOut: string[];
}

export type StuckReason = 'cycle' | 'depends-on-stuck' | 'unknown-dependency';

export type StuckEntry =
  /**
   * In an unbroken cycle: a non-trivial SCC of the packages never built in any form
   * (with unknown names assumed available). `cycle` lists that SCC.
   */
  | { package: string; reason: 'cycle'; cycle: string[] }
  /**
   * Blocked only by other stuck packages: `blockedBy` names the nearest ones among its
   * inputs — its unavailable build-depends entries, and the unavailable packages
   * reached through the runtime closures of its available entries (not looking past
   * an unavailable package). Computed on first read (an enumerable getter).
   */
  | { package: string; reason: 'depends-on-stuck'; blockedBy: string[] }
  /** Its full build needs names that are not declared anywhere (in build-depends or their runtime closures). */
  | { package: string; reason: 'unknown-dependency'; unknown: string[] };

export interface UnusedStage {
  package: string;
  stage: number;
}

export interface Coverage {
  /** Declared packages that get a full build. */
  count: number;
  /** Declared packages. */
  total: number;
  /** 100 * count / total (100 when there is no package); not rounded. */
  percent: number;
}

export interface PlanOptions {
  /** Treat names that are referenced but not declared as available (default false). */
  assumeUnknownAvailable?: boolean;
}

/** Everything hover and inlay hints want to know about one package. */
export interface PackagePlanInfo {
  name: string;
  declared: boolean;
  prebuilt: boolean;
  /** Wave of its full build in the bootstrap phase, or null when never built fully. */
  fullBuildWave: number | null;
  /** Its stage builds, in build order. */
  stageBuilds: Array<{ stage: number; wave: number; tainted: boolean }>;
  /** Whether its full build used a bootstrap build, directly or through tainted builds. */
  tainted: boolean;
  /** 1-based position in the rebuild phase, or null when not rebuilt. */
  rebuildPosition: number | null;
  /** Set when the package is declared and never built fully. */
  stuck: StuckEntry | null;
  /** Its declared bootstrap stages that the plan never uses. */
  unusedStages: number[];
}

// ---------------------------------------------------------------------------
// Cycles and their fixes (SPEC §2 "Cycles", §4 code actions)

/**
 * "build P without Q in bootstrap stage N": sets `build-depends-bootstrap<stage>` of
 * `package` to `newSet`. `update` true: that key exists and is rewritten (Q removed);
 * false: the key is new.
 */
export interface StageCandidate {
  package: string;
  stage: number;
  remove: string;
  newSet: string[];
  update: boolean;
  /** The cycle edge this candidate breaks. */
  edge: CycleEdge;
  /** Number of unbroken cycles found (over all SCCs) that contain an edge out of `package` induced by `remove`. */
  score: number;
}

export interface UnbrokenCycle extends CyclePath {
  /** Members of the SCC for which this is the shortest cycle found through them. */
  through: string[];
  /**
   * One candidate per edge of the cycle (edges whose candidate would change nothing are
   * skipped). Candidates for the same edge are shared between cycles: treat as read-only.
   * Alternatives only: one edge alone seldom makes progress (see `progressMove`).
   */
  candidates: StageCandidate[];
  /** Index into `candidates` of the highest-scoring one (most cycles), -1 when there is none. */
  preferred: number;
  /** Set when a bootstrap set already leaves out one of the cycle's edges but still needs the cycle. */
  partial?: PartialBreak;
  /** true in a cluster too big for an error per entry: only the edges out of `through` (the marked packages) are reported. */
  summarised?: boolean;
}

/**
 * "gcc's build-depends-bootstrap1 leaves out glibc but still needs binutils,
 * which is in the cycle binutils → zlib → gcc → binutils".
 */
export interface PartialBreak {
  package: string;
  stage: number;
  /** The entry of the broken edge (the edge's via). */
  leavesOut: string;
  /** The entry of the stage set that still leads into the cycle. */
  needs: string;
  /** The never-built package `needs` leads to (itself, or one in its runtime closure). */
  reaches: string;
  /** A cycle through `reaches` (first = last), when one was found. */
  cycle?: string[];
}

/** A member of an unbroken SCC that is on no cycle its cluster cannot break by itself. */
export interface BlockedMember {
  package: string;
  /** Its first build-depends entry whose runtime closure holds a never-built package. */
  entry: string;
  /** The never-built package that entry leads to. */
  needs: string;
  /** The nearest package on an unbroken cycle reachable from `needs`, with a cycle through it (first = last). */
  core?: string;
  cycle?: string[];
  /** true when `core` lies outside the member's SCC (the SCC is blocked upstream). */
  upstream: boolean;
}

/** A cluster too big to report cycle by cycle: the packages the fix-all's solver marks. */
export interface ClusterSummary {
  /** Packages on its unbroken cycles. */
  size: number;
  /** The packages whose bootstrap sets would break every cycle of it (sorted). */
  marked: string[];
  /** The same, in the order the solver chose them (the most needed first). */
  chosen: string[];
  /** How many of them have their cycle reported (errors): the first chosen; the others are only counted (see `errorsPerCluster`). */
  reported: number;
  /** No fewer packages can do it. */
  lowerBound: number;
}

export interface UnbrokenComponent {
  /** Sorted. */
  members: string[];
  /**
   * The members on cycles no bootstrap set breaks even with everything outside
   * the SCC available (sorted): where a fix makes progress. Empty when the SCC is
   * only blocked upstream.
   */
  core: string[];
  /** The other members, and what they wait for. */
  blocked: BlockedMember[];
  /** Set for core SCCs too big for a cycle per member: their cycles go through the marked packages only. */
  summaries: ClusterSummary[];
  /** De-duplicated (same edge set = same cycle); nodes rotated to start at the lowest name. */
  cycles: UnbrokenCycle[];
  /**
   * true when every member's cycle is a shortest one. Only a huge SCC that exhausts
   * the search budget gets false: then members may share a found cycle through them,
   * or get one that is not the shortest.
   */
  exact: boolean;
}

export interface BootstrapBuildRef {
  package: string;
  stage: number | 'prebuilt';
}

export interface BrokenComponent {
  /** Sorted. */
  members: string[];
  /** A representative shortest cycle (through the first breaking package, else the lowest member). */
  cycle: CyclePath;
  /** The bootstrap builds (stage builds that happened, prebuilt packages) inside the SCC. */
  brokenBy: BootstrapBuildRef[];
}

/** An annotation of planFixAll: several removals on one package+stage merged into one. */
export interface FixAnnotation {
  package: string;
  stage: number;
  /** Sorted. */
  remove: string[];
  /** The new value of `build-depends-bootstrap<stage>`, in the order of the list it was derived from. */
  newSet: string[];
  /** true: rewrite the existing key; false: insert a new key. */
  update: boolean;
}

export interface FixAllResult {
  /** Sorted by package, then stage. */
  annotations: FixAnnotation[];
  /** true when, after applying them, no package is stuck in an unbroken cycle. */
  resolved: boolean;
  /** No set of annotations that breaks every cycle annotates fewer packages than this. */
  lowerBound: number;
  /** true when the number of annotated packages is a proven minimum (it equals the lower bound). */
  exact: boolean;
  /** The number of build dependencies the annotations leave out, over all of them. */
  dropped: number;
  /** No set of annotations that breaks every cycle leaves out fewer build dependencies than this (drop-lower-bound.ts). */
  droppedLowerBound: number;
}
