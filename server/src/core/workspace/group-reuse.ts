// Include groups analysed once. A workspace of several unrelated bootstrap
// files is several include groups (an entry file and what it includes); an
// edit in one of them changes nothing the others read. The analysis of a
// group is a pure function of the options and of what the source provider
// answered while it ran (the texts of its files, whether an included file or
// a `run` script exists), so the provider is recorded per group, and the
// next analysis takes the group's results over whole when every recorded
// question gets the same answer again and the options are the same. A caller
// that analyses again and again (the language server) keeps one GroupReuse
// and passes it in; the answers of its provider are then cheap to repeat
// (open buffers, file texts cached by modification time).

import type { CoreDiagnostic } from '../types';
import type { SourceProvider } from './source-provider';
import type { SourceText } from '../text/piece-text';

/** What one question to the provider asked, and what it answered. */
type Probe =
  | { kind: 'read'; uri: string; answer: SourceText | undefined }
  | { kind: 'exists'; uri: string; answer: boolean }
  | { kind: 'realUri'; uri: string; answer: string | undefined };

/** A provider that writes down every question and answer. */
export function recordingProvider(provider: SourceProvider): { provider: SourceProvider; probes: Probe[] } {
  const probes: Probe[] = [];
  return {
    probes,
    provider: {
      read(uri) {
        const answer = provider.read(uri);
        probes.push({ kind: 'read', uri, answer });
        return answer;
      },
      exists(uri) {
        const answer = provider.exists(uri);
        probes.push({ kind: 'exists', uri, answer });
        return answer;
      },
      realUri(uri) {
        const answer = provider.realUri(uri);
        probes.push({ kind: 'realUri', uri, answer });
        return answer;
      },
    },
  };
}

/** Whether the provider answers every recorded question as it did. Texts compare by identity first (a cached text is the same string; an open buffer's pieces, the same version). */
function sameAnswers(probes: readonly Probe[], provider: SourceProvider): boolean {
  const asked = new Set<string>();
  for (const p of probes) {
    const key = `${p.kind}\u0000${p.uri}`;
    if (asked.has(key)) continue;
    asked.add(key);
    if (p.kind === 'read' && provider.read(p.uri) !== p.answer) return false;
    if (p.kind === 'exists' && provider.exists(p.uri) !== p.answer) return false;
    if (p.kind === 'realUri' && provider.realUri(p.uri) !== p.answer) return false;
  }
  return true;
}

/** The results of one include group, as the analysis made them. */
export interface GroupResult<T> {
  /** The analysis of the group (its workspace, graph, plan, cycles). */
  value: T;
  /** Its diagnostics before severities apply, per file. */
  diagnostics: Map<string, CoreDiagnostic[]>;
  probes: readonly Probe[];
  optionsKey: string;
}

/**
 * The last results per entry file, and the finished (severity applied,
 * sorted) diagnostics of each file with the groups they came from, so that a
 * file whose groups were all reused keeps the very same list (a caller may
 * then skip re-sending it by identity).
 */
export class GroupReuse<T> {
  private readonly groups = new Map<string, GroupResult<T>>();
  private finishedLists = new Map<string, { from: readonly GroupResult<T>[]; list: CoreDiagnostic[] }>();
  /** Groups analysed and groups taken over by the last analysis (for tests and logs). */
  lastRun = { analysed: [] as string[], reused: [] as string[] };

  /** The previous result of `entry`'s group when nothing it read has changed. */
  reusable(entry: string, optionsKey: string, provider: SourceProvider): GroupResult<T> | undefined {
    const last = this.groups.get(entry);
    if (!last || last.optionsKey !== optionsKey || !sameAnswers(last.probes, provider)) return undefined;
    return last;
  }

  store(entry: string, result: GroupResult<T>): void {
    this.groups.set(entry, result);
  }

  /** The finished list of `uri` if it was made from exactly these group results. */
  finished(uri: string, from: readonly GroupResult<T>[]): CoreDiagnostic[] | undefined {
    const last = this.finishedLists.get(uri);
    if (!last || last.from.length !== from.length || last.from.some((g, i) => g !== from[i])) return undefined;
    return last.list;
  }

  /** After a complete analysis: its groups and finished lists replace the earlier ones. */
  settle(entries: Iterable<string>, finished: Map<string, { from: readonly GroupResult<T>[]; list: CoreDiagnostic[] }>, run: { analysed: string[]; reused: string[] }): void {
    const keep = new Set(entries);
    for (const entry of [...this.groups.keys()]) if (!keep.has(entry)) this.groups.delete(entry);
    this.finishedLists = finished;
    this.lastRun = run;
  }

  clear(): void {
    this.groups.clear();
    this.finishedLists.clear();
  }
}
