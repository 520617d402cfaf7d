// `strap check [PATH|GLOB...]`: the server's diagnostics, printed.

import * as path from 'path';
import { analyze } from '../../core/analysis';
import { toPositionedDiagnostic } from '../../core/positioned';
import type { Severity } from '../../core/types';
import { pathToUri, uriToPath } from '../../core/workspace/uris';
import { isBootstrapFile } from '../../core/workspace/bootstrap-files';
import { describeUnmatched, discoverFiles } from '../discover';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../../core/checks/codes';
import { suggest } from '../../core/text/suggest';
import { diskProvider } from '../disk-provider';
import { fileGlobs, oneOf, parseOptions, UsageError, type CommandIO } from '../command-io';
import type { FileReport } from '../format/report';
import { formatText } from '../format/text';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { formatGithub } from '../format/github';
import { isControlPath } from '../../core/debian-control';
import { checkControlFiles } from './check-control';

const HELP = `Usage: strap check [PATH|GLOB...] [options]

Checks bootstrap files (bootstrap.{yaml,yml,json,jsonc}, *.bootstrap.{...}, or
what --files matches) found in the given files, folders and globs (default: the
current folder), with the files they include. Named files are checked whatever
their name; a named debian/control file is checked as one.

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
  --archive FILE|DIR                for debian/control files: the archive they are
                                    placed in (a 'strap import debian' file with
                                    the Packages index beside it, or a folder
                                    holding Sources and Packages)
  --no-color                        plain text output
  -h, --help                        this help

Exit status: 0 no errors, 1 errors found, 2 usage or internal error.
`;

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

export async function runCheck(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string' },
    root: { type: 'string' },
    'project-root': { type: 'string' },
    files: { type: 'string', multiple: true },
    severity: { type: 'string', multiple: true },
    archive: { type: 'string' },
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
    if (!isDiagnosticCode(code)) {
      const near = suggest(code, DIAGNOSTIC_CODES.map((c) => c.code));
      throw new UsageError(`--severity: unknown diagnostic code '${code}'${near.length ? ` (did you mean '${near[0]}'?)` : ''}; the codes are listed in docs/format.md`);
    }
    severity[code] = oneOf(level, SEVERITIES, 'severity', 'error');
  }
  const globs = fileGlobs(values.files);
  const controlFiles = positionals.map((p) => path.resolve(io.cwd, p)).filter((p) => isControlPath(p) && !/\.(ya?ml|jsonc?)$/i.test(p));
  const controlReports = controlFiles.length
    ? await checkControlFiles(controlFiles, { archive: values.archive && path.resolve(io.cwd, values.archive), severity, displayPath: (p) => displayPath(p, io.cwd) })
    : [];
  const rest = positionals.filter((p) => !controlFiles.includes(path.resolve(io.cwd, p)));
  if (values.archive !== undefined && controlFiles.length === 0) throw new UsageError('--archive applies to debian/control files: name one');
  const targets = rest.length ? rest : controlFiles.length ? [] : ['.'];
  const rootUris = rootsFor(targets, io.cwd, values.root).map(pathToUri);
  const { files, unmatched } = discoverFiles(targets, io.cwd, (p) => isBootstrapFile(pathToUri(p), globs, rootUris));
  if (unmatched.length) {
    // Machine-read formats still get a valid, empty document (a SARIF upload step expects a file).
    if (format === 'sarif' || format === 'json') io.out(format === 'sarif' ? formatSarif([], version()) : formatJson([]));
    throw new UsageError(describeUnmatched(unmatched, globs));
  }

  const provider = diskProvider(rootUris);
  const uris = files.map(pathToUri);
  const analysis = analyze(uris, provider, {
    roots: rootUris,
    projectRoot: values['project-root'] ? pathToUri(path.resolve(io.cwd, values['project-root'])) : undefined,
    files: globs,
    severity,
  });

  const reports: FileReport[] = [...controlReports];
  for (const [uri, doc] of [...analysis.documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const diagnostics = (analysis.diagnostics.get(uri) ?? []).map((d) => toPositionedDiagnostic(d, (u) => analysis.documents.get(u)?.lineIndex));
    reports.push({ path: displayPath(uriToPath(uri), io.cwd), uri, lineIndex: doc.lineIndex, diagnostics });
  }
  const color = io.color && !values['no-color'];
  switch (format) {
    case 'json': io.out(formatJson(reports)); break;
    case 'sarif': io.out(formatSarif(reports, version())); break;
    case 'github': io.out(formatGithub(reports)); break;
    default: io.out(formatText(reports, color));
  }
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 1)) ? 1 : 0;
}

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
