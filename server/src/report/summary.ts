// The JSON summary of one report run (`strap report --format json`, and one
// file per run in the --history folder), and the history of runs: pure data.

import { createHash } from 'crypto';
import type { ReportFigures, ReportModel } from './model';

export const SUMMARY_FORMAT = 'strap-report-summary/1';

export interface ReportSummary {
  format: typeof SUMMARY_FORMAT;
  /** When the report was made (ISO 8601). */
  date: string;
  input: {
    /** The entry file and the files it includes, as given / relative to the working folder. */
    files: string[];
    /** sha256 of the files' texts (in workspace order): the same input gives the same checksum. */
    sha256: string;
  };
  figures: ReportFigures;
  /** The members of the largest unbroken cycle cluster (at most 50 names, sorted). */
  largestCluster: string[];
  /** The packages in the most cycles (at most 20), as in the report's ranking. */
  topPackages: Array<{ name: string; cycles: number; blocks: number }>;
}

/** The checksum of a workspace's texts: each file's length and text, in order. */
export function inputChecksum(texts: readonly string[]): string {
  const h = createHash('sha256');
  for (const t of texts) {
    h.update(`${Buffer.byteLength(t)}\n`);
    h.update(t);
  }
  return h.digest('hex');
}

export function summaryOf(model: ReportModel, input: ReportSummary['input'], date: string): ReportSummary {
  return {
    format: SUMMARY_FORMAT,
    date,
    input,
    figures: model.figures,
    largestCluster: model.clusters.length ? model.clusters[0].members.slice(0, 50) : [],
    topPackages: model.ranking.slice(0, 20).map((r) => ({ name: r.name, cycles: r.cycles, blocks: r.blocks })),
  };
}

/** Whether a parsed JSON value is a summary this version can chart. */
export function isSummary(value: unknown): value is ReportSummary {
  const v = value as ReportSummary;
  return !!v && typeof v === 'object' && v.format === SUMMARY_FORMAT && typeof v.date === 'string' && !Number.isNaN(Date.parse(v.date))
    && typeof v.input?.sha256 === 'string' && typeof v.figures?.percentBootstrappable === 'number'
    && typeof v.figures?.clusters?.largest === 'number' && typeof v.figures?.stuck === 'number'
    && typeof v.figures?.clusters?.packagesInCycles === 'number';
}

/**
 * The runs to chart: the earlier ones plus this one, by date, unless a run on
 * the same input is already there (re-running adds no point: `added` false).
 */
export function withRun(history: readonly ReportSummary[], run: ReportSummary): { runs: ReportSummary[]; added: boolean } {
  const added = !history.some((h) => h.input.sha256 === run.input.sha256);
  const runs = added ? [...history, run] : [...history];
  runs.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || (a.input.sha256 < b.input.sha256 ? -1 : 1));
  return { runs, added };
}

/** The history file name of a run: its date and input checksum, so names sort by date. */
export function historyFileName(run: ReportSummary): string {
  return `${run.date.replace(/[^0-9A-Za-z]/g, '')}-${run.input.sha256.slice(0, 12)}.json`;
}
