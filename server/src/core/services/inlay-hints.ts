// Inlay hints: each package's place in the bootstrap plan — `wave 3`,
// `stage1 @ wave 2 · wave 5 · rebuild #2`, `stuck: cycle` — at the end of the
// line of its key. Right after the key (`gcc stuck: cycle:`) the hint read
// like YAML; past the line's content it cannot be taken for the text.

import type { Analysis } from '../analysis';
import type { OffsetRange } from '../types';
import type { PackagePlanInfo } from '../graph/types';
import type { SourceText } from '../text/piece-text';
import { planInfo, planLabel, stuckText } from './graph-facts';

export interface InlayHint {
  /** The package the hint is about. */
  package: string;
  /** Where the hint shows: the end of the content of the key's line (of the entry, when the next package shares the line). */
  offset: number;
  label: string;
  /** Markdown. */
  tooltip?: string;
  paddingLeft: boolean;
}

/**
 * Hints for the packages declared in `uri` whose key lies in `range` (the
 * whole file when omitted). `tooltips: false` leaves the tooltips out, for a
 * client that resolves them one by one (inlayHintTooltip): on an archive of
 * 34 000 packages they were two thirds of a whole file's 12 MB of hints.
 */
export function inlayHints(analysis: Analysis, uri: string, range?: OffsetRange, options: { tooltips?: boolean } = {}): InlayHint[] {
  const wa = analysis.workspaceOf(uri);
  const file = wa?.workspace.files.find((f) => f.uri === uri);
  if (!wa || !file) return [];
  const out: InlayHint[] = [];
  const packages = file.packages;
  // Declarations are in document order: start at the first one the range reaches.
  let first = 0;
  if (range) {
    let lo = 0;
    let hi = packages.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const end = packages[mid].node.keyRange?.end ?? packages[mid].node.range.end;
      if (end < range.start) lo = mid + 1;
      else hi = mid;
    }
    first = lo;
  }
  for (let i = first; i < packages.length; i++) {
    const p = packages[i];
    const key = p.node.keyRange;
    if (!key) continue;
    if (range && key.start > range.end) break;
    if (range && key.end < range.start) continue;
    if (wa.workspace.packages.get(p.name) !== p) continue; // a duplicate declaration: the first one has the hint
    const info = planInfo(wa, p.name);
    if (!info) continue;
    const label = planLabel(info);
    if (!label) continue;
    const hint: InlayHint = { package: p.name, offset: hintOffset(file.doc.source, p.node.range, key, packages[i - 1]?.node.keyRange, packages[i + 1]?.node.keyRange), label, paddingLeft: true };
    if (options.tooltips !== false) hint.tooltip = tooltipOf(info);
    out.push(hint);
  }
  return out;
}

/** The tooltip of the hint of package `name` seen from `uri` (Markdown), when it has a place in the plan. */
export function inlayHintTooltip(analysis: Analysis, uri: string, name: string): string | undefined {
  const info = planInfo(analysis.workspaceOf(uri), name);
  return info ? tooltipOf(info) : undefined;
}

function tooltipOf(info: PackagePlanInfo): string {
  const tooltip: string[] = [];
  if (info.prebuilt) tooltip.push('prebuilt: available before the plan starts');
  for (const s of info.stageBuilds) tooltip.push(`stage-${s.stage} build in wave ${s.wave}`);
  if (info.fullBuildWave !== null) tooltip.push(`full build in wave ${info.fullBuildWave}${info.tainted ? ' (tainted by bootstrap builds)' : ''}`);
  if (info.rebuildPosition !== null) tooltip.push(`rebuilt at position ${info.rebuildPosition} of the rebuild phase`);
  const stuck = stuckText(info);
  if (stuck) tooltip.push(stuck);
  return tooltip.map((t) => `- ${t}`).join('\n');
}

/**
 * The end of the key's line, trailing blanks left out; when another package's
 * key is on that line too (a one-line flow mapping), the end of this entry.
 */
function hintOffset(text: SourceText, entry: OffsetRange, key: OffsetRange, previousKey: OffsetRange | undefined, nextKey: OffsetRange | undefined): number {
  // The source, not the whole text: an edited buffer is not joined for this.
  const isBreak = (c: number) => c === 10 || c === 13;
  let lineStart = key.start;
  while (lineStart > 0 && !isBreak(text.charCodeAt(lineStart - 1))) lineStart--;
  let lineEnd = key.end;
  while (lineEnd < text.length && !isBreak(text.charCodeAt(lineEnd))) lineEnd++;
  const sharesLine = (nextKey && nextKey.start < lineEnd) || (previousKey && previousKey.end > lineStart);
  if (sharesLine) return Math.max(key.end, Math.min(entry.end, nextKey?.start ?? entry.end));
  let end = lineEnd;
  while (end > key.end && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return end;
}
