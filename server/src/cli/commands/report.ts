// `strap report FILE... -o DIR`: the bootstrap report as a static site (and
// its JSON summary); --history DIR keeps one summary per run for the charts.

import * as fs from 'fs';
import * as path from 'path';
import { fileGlobs, oneOf, parseOptions, UsageError, type CommandIO } from '../command-io';
import { analyze } from '../../core/analysis';
import { pathToUri, uriToPath } from '../../core/workspace/uris';
import { DiskTextCache, diskProvider } from '../disk-provider';
import { displayPath, rootsFor } from './check';
import { buildReportModel } from '../../report/model';
import { historyFileName, inputChecksum, isSummary, summaryOf, withRun, type ReportSummary } from '../../report/summary';
import { reportSite } from '../../report/site';

const HELP = `Usage: strap report FILE... [-o DIR] [--history DIR] [--format html|json] [--date ISO] [--root DIR] [--files GLOB...]

Writes the bootstrap report of FILE (and the files it includes; several
FILEs must belong to one workspace) as a static site in DIR that works from
file:// with nothing fetched: the overview (packages, prebuilt, built fully,
stuck, the percentage that can be bootstrapped, stages declared/used/unused,
cycle clusters, the fix-all's count), the cycles ranked "name and encourage",
a page per package, stuck packages and unused stages, the history, and a page
per maintainer when packages carry 'maintainer' / 'uploaders'.

Options:
  -o, --output DIR     write the site there (index.html is the overview)
  --history DIR        keep one JSON summary per run there and chart them;
                       a run on an input already recorded adds no point
  --format html|json   html (default): write the site; json: also print the
                       summary on standard output (-o then optional)
  --date ISO           the run's date (default: now)
  --root DIR           workspace root; nothing outside it is read
  --files GLOB         a glob of bootstrap files an 'include' may name (repeatable)
`;

/** Marks a folder as written by strap report, so a re-run may replace its pages. */
const MARKER = '.strap-report';
/** The sub-folders a report owns (cleared before a re-run writes them again). */
const OWNED = ['assets', 'cycles', 'packages', 'pkg', 'people', 'stuck'];

export async function runReport(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    output: { type: 'string', short: 'o' },
    history: { type: 'string' },
    format: { type: 'string' },
    date: { type: 'string' },
    root: { type: 'string' },
    files: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['html', 'json'] as const, 'format', 'html');
  if (positionals.length === 0) throw new UsageError('a FILE argument is required');
  if (format === 'html' && !values.output) throw new UsageError('-o DIR is required (or --format json for the summary alone)');
  const date = values.date ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(date))) throw new UsageError(`--date must be an ISO 8601 date, not '${date}'`);

  const absolute = positionals.map((f) => {
    const p = path.resolve(io.cwd, f);
    if (!fs.existsSync(p) || !fs.statSync(p).isFile()) throw new UsageError(`no such file '${f}'`);
    return p;
  });
  const roots = rootsFor(positionals, io.cwd, values.root).map(pathToUri);
  const uris = absolute.map(pathToUri);
  const analysis = analyze(uris, diskProvider(roots, new DiskTextCache()), { roots, files: fileGlobs(values.files) });
  const workspaces = new Set(uris.map((u) => analysis.workspaceOf(u)));
  if (workspaces.has(undefined)) throw new UsageError(`'${positionals[uris.findIndex((u) => !analysis.workspaceOf(u))]}' could not be read`);
  if (workspaces.size > 1) throw new UsageError(`the files form ${workspaces.size} separate workspaces; report on one at a time, or include the others from one file`);
  const wa = analysis.workspaceOf(uris[0])!;

  const model = buildReportModel(wa);
  const files = wa.workspace.files.map((f) => displayPath(uriToPath(f.uri), io.cwd));
  const checksum = inputChecksum(wa.workspace.files.map((f) => analysis.documents.get(f.uri)?.text ?? ''));
  const summary = summaryOf(model, { files, sha256: checksum }, date);

  let runs: ReportSummary[] = [summary];
  if (values.history) {
    const dir = path.resolve(io.cwd, values.history);
    const earlier = readHistory(dir, io);
    const merged = withRun(earlier, summary);
    runs = merged.runs;
    if (merged.added) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, historyFileName(summary)), JSON.stringify(summary, null, 2) + '\n');
    } else {
      io.err(`history: a run on this input is already recorded in ${displayPath(dir, io.cwd)}; no point added\n`);
    }
  }

  if (values.output) {
    const out = path.resolve(io.cwd, values.output);
    prepareOutput(out, values.output);
    let pages = 0;
    const made = new Set<string>();
    for (const [rel, content] of reportSite({ model, summary, runs, keepsHistory: !!values.history, fileOf: (uri) => displayPath(uriToPath(uri), io.cwd) })) {
      const file = path.join(out, rel);
      const folder = path.dirname(file);
      if (!made.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      fs.writeFileSync(file, content);
      pages++;
    }
    io.err(`report: ${pages} files in ${displayPath(out, io.cwd)} (open ${displayPath(path.join(out, 'index.html'), io.cwd)})\n`);
  }
  if (format === 'json') io.out(JSON.stringify(summary, null, 2) + '\n');
  return 0;
}

/** The summaries in a history folder; files that are not summaries are skipped with a warning. */
function readHistory(dir: string, io: CommandIO): ReportSummary[] {
  if (!fs.existsSync(dir)) return [];
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--history: '${dir}' is not a folder`);
  const runs: ReportSummary[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    try {
      const value = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
      if (isSummary(value)) runs.push(value);
      else io.err(`history: ${name} is not a strap report summary; skipped\n`);
    } catch (error) {
      io.err(`history: ${name} could not be read (${(error as Error).message}); skipped\n`);
    }
  }
  return runs;
}

/** An empty or new folder, or one an earlier report wrote (its pages are replaced). */
function prepareOutput(out: string, shown: string): void {
  if (fs.existsSync(out)) {
    if (!fs.statSync(out).isDirectory()) throw new UsageError(`-o: '${shown}' is not a folder`);
    const entries = fs.readdirSync(out);
    if (entries.length > 0 && !entries.includes(MARKER)) throw new UsageError(`-o: '${shown}' is not empty and holds no earlier report; choose an empty or new folder`);
    for (const sub of OWNED) fs.rmSync(path.join(out, sub), { recursive: true, force: true });
  }
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, MARKER), 'Written by strap report; its pages are replaced on the next run.\n');
}
