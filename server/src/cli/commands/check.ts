// `strap check [PATH|GLOB...]`: the server's diagnostics, printed.

import * as fs from 'fs';
import * as path from 'path';
import type { SourceProvider } from '../../core/workspace/source-provider';
import { analyze } from '../../core/analysis';
import { toPositionedDiagnostic } from '../../core/positioned';
import type { Severity } from '../../core/types';
import { pathToUri, uriToPath } from '../../core/workspace/uris';
import { isBootstrapFile } from '../../core/workspace/bootstrap-files';
import { describeUnmatched, discoverFiles } from '../discover';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../../core/checks/codes';
import { suggest } from '../../core/text/suggest';
import { DiskTextCache, diskProvider, readHead } from '../disk-provider';
import { fileGlobs, oneOf, parseOptions, UsageError, type CommandIO } from '../command-io';
import type { FileReport } from '../format/report';
import { formatText } from '../format/text';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { formatGithub } from '../format/github';
import { CONTROL_CODES, isControlPath } from '../../core/debian-control';
import { checkControlFiles } from './check-control';

const HELP = `Usage: strap check [PATH|GLOB|-...] [options]

Checks bootstrap files (bootstrap.{yaml,yml,json,jsonc}, *.bootstrap.{...},
files naming the strap schema, or what --files matches) found in the given
files, folders and globs (default: the current folder), with the files they
include. Named files are checked whatever their name; a named debian/control
file is checked as one. '-' reads one file from standard input.

Options:
  --format text|json|sarif|github   output format (default: text)
  --root DIR                        workspace root; nothing outside it is read
                                    (default: the current folder, or the
                                    argument's own folder when it lies outside)
  --project-root DIR                the folder '@/' stands for (default: the
                                    folder of each top-level bootstrap file)
  --files GLOB                      a glob of bootstrap files, relative to the
                                    workspace root (no '/': any file name, e.g.
                                    '*.yml'); repeatable. Matching files are
                                    bootstrap files besides the default names, in
                                    folders searched and for 'include' (like the
                                    strap.files setting)
  --severity CODE=LEVEL             override a diagnostic's severity
                                    (error|warning|information|hint|off); repeatable
  --cycle-errors-per-cluster N      of a cycle cluster too big for an error per
                                    cycle, how many of the packages the solver
                                    marks get build-cycle errors (default: all;
                                    the editor's default is 100)
  --archive FILE|DIR                for debian/control files: the archive they are
                                    placed in (a 'strap import debian' file with
                                    the Packages index beside it, or a folder
                                    holding Sources and Packages)
  --stdin-filename PATH             the name of the file read from '-' (default:
                                    stdin.bootstrap.yaml): its language, its
                                    folder for includes, its name in the output
  --watch                           check again whenever a file below the root
                                    changes (until interrupted)
  --no-color                        plain text output (also NO_COLOR; FORCE_COLOR
                                    forces colour)
  -h, --help                        this help

Exit status: 0 no errors, 1 errors found, 2 usage or internal error.
`;

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

// The codes of debian/control files (with an archive, their cycles too).
const DEBIAN_CONTROL_CODES: readonly string[] = [...CONTROL_CODES, 'debian-build-cycle', 'debian-build-cycle-broken'];

export async function runCheck(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string' },
    root: { type: 'string' },
    'project-root': { type: 'string' },
    files: { type: 'string', multiple: true },
    severity: { type: 'string', multiple: true },
    'cycle-errors-per-cluster': { type: 'string' },
    archive: { type: 'string' },
    'stdin-filename': { type: 'string' },
    watch: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['text', 'json', 'sarif', 'github'] as const, 'format', 'text');
  const severity: Record<string, Severity | 'off'> = {};
  for (const s of values.severity ?? []) {
    const [code, level, ...extra] = s.split('=');
    if (!code || !level || extra.length) throw new UsageError(`--severity takes CODE=LEVEL, not '${s}'`);
    if (!isDiagnosticCode(code) && !DEBIAN_CONTROL_CODES.includes(code)) {
      const near = suggest(code, [...DIAGNOSTIC_CODES.map((c) => c.code), ...DEBIAN_CONTROL_CODES]);
      throw new UsageError(`--severity: unknown diagnostic code '${code}'${near.length ? ` (did you mean '${near[0]}'?)` : ''}; the codes are listed in docs/format.md and docs/debian.md`);
    }
    severity[code] = oneOf(level, SEVERITIES, 'severity', 'error');
  }
  const perCluster = values['cycle-errors-per-cluster'];
  if (perCluster !== undefined && !/^\d+$/.test(perCluster)) throw new UsageError(`--cycle-errors-per-cluster takes a whole number (0: all), not '${perCluster}'`);
  const cycleErrorsPerCluster = perCluster === undefined ? undefined : Number(perCluster);
  const globs = fileGlobs(values.files);
  const named = (positionals as string[]).filter((p) => p !== '-');
  const controlFiles = named.map((p) => path.resolve(io.cwd, p)).filter((p) => isControlPath(p) && !/\.(ya?ml|jsonc?)$/i.test(p));
  const controlReports = controlFiles.length
    ? await checkControlFiles(controlFiles, { archive: values.archive && path.resolve(io.cwd, values.archive), severity, displayPath: (p) => displayPath(p, io.cwd) })
    : [];
  if (values.archive !== undefined && controlFiles.length === 0) throw new UsageError('--archive applies to debian/control files: name one');
  const rest = named.filter((p) => !controlFiles.includes(path.resolve(io.cwd, p)));
  const fromStdin = (positionals as string[]).includes('-');
  if (values['stdin-filename'] !== undefined && !fromStdin) throw new UsageError("--stdin-filename names the file read from '-'; give '-' too");
  if (fromStdin && values.watch) throw new UsageError("--watch cannot watch standard input ('-')");
  const stdinPath = fromStdin ? path.resolve(io.cwd, values['stdin-filename'] ?? 'stdin.bootstrap.yaml') : undefined;
  const stdinText = fromStdin ? stripBom(readStdin(io)) : undefined;
  const paths = rest.length || fromStdin || controlFiles.length ? rest : ['.'];
  const roots = rootsFor(stdinPath ? [...paths, path.relative(io.cwd, stdinPath) || stdinPath] : paths, io.cwd, values.root);
  const run: CheckRun = {
    format, severity, cycleErrorsPerCluster, globs, paths, stdinPath, stdinText, rootUris: roots.map(pathToUri), controlReports,
    projectRoot: values['project-root'] ? pathToUri(path.resolve(io.cwd, values['project-root'])) : undefined,
    color: io.color && !values['no-color'],
  };
  const code = checkOnce(run, io);
  if (!values.watch) return code;
  return watch(run, roots, io);
}

interface CheckRun {
  format: 'text' | 'json' | 'sarif' | 'github';
  severity: Record<string, Severity | 'off'>;
  cycleErrorsPerCluster?: number;
  globs: string[];
  /** Files, folders and globs (without '-' and debian/control files). */
  paths: string[];
  /** Where the text read from standard input stands, and that text. */
  stdinPath?: string;
  stdinText?: string;
  rootUris: string[];
  projectRoot?: string;
  color: boolean;
  /** The debian/control files named, checked once (not again by --watch). */
  controlReports: FileReport[];
}

/** One check of everything the arguments name: prints the report, returns the exit code. */
function checkOnce(run: CheckRun, io: CommandIO): number {
  const { format, globs, rootUris } = run;
  const { files, unmatched } = run.paths.length
    ? discoverFiles(run.paths, io.cwd, (p) => isBootstrapFile(pathToUri(p), globs, rootUris, (u) => readHead(uriToPath(u))))
    : { files: [], unmatched: [] };
  if (unmatched.length) {
    // Machine-read formats still get a valid, empty document (a SARIF upload step expects a file).
    if (format === 'sarif' || format === 'json') io.out(format === 'sarif' ? formatSarif([], version()) : formatJson([]));
    throw new UsageError(describeUnmatched(unmatched, globs));
  }

  // One read per file for the whole command (the analysis asks for a text more than once).
  const disk = diskProvider(rootUris, new DiskTextCache());
  const stdinUri = run.stdinPath ? pathToUri(run.stdinPath) : undefined;
  const provider: SourceProvider = stdinUri === undefined ? disk : {
    read: (uri) => (uri === stdinUri ? run.stdinText : disk.read(uri)),
    exists: (uri) => uri === stdinUri || disk.exists(uri),
    realUri: (uri) => (uri === stdinUri ? uri : disk.realUri(uri)),
  };
  const uris = files.map(pathToUri);
  if (stdinUri && !uris.includes(stdinUri)) uris.push(stdinUri);
  const analysis = analyze(uris, provider, {
    roots: rootUris,
    projectRoot: run.projectRoot,
    files: globs,
    severity: run.severity,
    cycleErrorsPerCluster: run.cycleErrorsPerCluster,
  });

  const reports: FileReport[] = [...run.controlReports];
  for (const [uri, doc] of [...analysis.documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const withFixes = format === 'json' || format === 'sarif';
    const diagnostics = (analysis.diagnostics.get(uri) ?? []).map((d) => toPositionedDiagnostic(d, (u) => analysis.documents.get(u)?.lineIndex, { withFixes }));
    reports.push({ path: displayPath(uriToPath(uri), io.cwd), uri, lineIndex: doc.lineIndex, diagnostics });
  }
  switch (format) {
    case 'json': io.out(formatJson(reports)); break;
    case 'sarif': io.out(formatSarif(reports, version(), (u) => displayPath(uriToPath(u), io.cwd))); break;
    case 'github': io.out(formatGithub(reports)); break;
    default: io.out(formatText(reports, run.color));
  }
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 1)) ? 1 : 0;
}

function readStdin(io: CommandIO): string {
  try {
    return io.readStdin ? io.readStdin() : fs.readFileSync(0, 'utf8');
  } catch (error) {
    throw new UsageError(`could not read standard input: ${(error as Error).message}`);
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// Editors write a file in several steps: wait for the burst to end.
const WATCH_SETTLE_MS = 150;

/**
 * Check again after every change below the roots (not in node_modules or a
 * version-control folder), until interrupted or until the reader of the output
 * goes away. Usage errors (a file deleted meanwhile) are printed, not fatal.
 */
function watch(run: CheckRun, roots: string[], io: CommandIO): Promise<number> {
  return new Promise<number>((resolve) => {
    const watchers: fs.FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    const stop = (code: number) => {
      for (const w of watchers) w.close();
      if (timer) clearTimeout(timer);
      resolve(code);
    };
    const again = () => {
      timer = undefined;
      if (io.outputClosed?.()) return stop(0);
      io.out(`\n--- ${new Date().toISOString().slice(11, 19)} checked again ---\n`);
      try {
        checkOnce(run, io);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.err(`strap check: ${error.message}\n`);
      }
    };
    const changed = (_event: string, name: string | Buffer | null) => {
      const rel = typeof name === 'string' ? name : name?.toString() ?? '';
      if (rel.split(/[\\/]/).some((part) => IGNORED_WHILE_WATCHING.has(part))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(again, WATCH_SETTLE_MS);
    };
    for (const root of roots) {
      try {
        const isFolder = fs.statSync(root).isDirectory();
        watchers.push(fs.watch(root, { recursive: isFolder }, changed));
      } catch (error) {
        io.err(`strap check: cannot watch '${root}': ${(error as Error).message}\n`);
      }
    }
    if (watchers.length === 0) return stop(2);
    io.err(`watching ${roots.map((r) => displayPath(r, io.cwd) || '.').join(', ')} for changes (Ctrl+C ends)\n`);
  });
}

const IGNORED_WHILE_WATCHING = new Set(['node_modules', '.git', '.hg', '.svn']);

function version(): string {
  return require('../../../../package.json').version;
}

export function rootsFor(targets: string[], cwd: string, root: string | undefined): string[] {
  if (root) return [path.resolve(cwd, root)];
  const roots = new Set<string>();
  for (const t of targets) {
    const abs = path.resolve(cwd, t.replace(/[*?[{].*$/, '') || '.');
    const rel = path.relative(cwd, abs);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) roots.add(cwd);
    else roots.add(/\.(ya?ml|jsonc?)$/i.test(abs) ? path.dirname(abs) : abs);
  }
  return [...roots];
}

export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
