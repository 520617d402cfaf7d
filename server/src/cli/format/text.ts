// Compiler-style text: `file:line:col severity code message`, the source
// line and a caret under the range. Columns are 1-based UTF-16 units, like
// the LSP positions they come from.

import { countBySeverity, SEVERITY_NAME, type FileReport } from './report';

const COLORS = { 1: '\x1b[31m', 2: '\x1b[33m', 3: '\x1b[36m', 4: '\x1b[2m' } as const;
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';

/**
 * Control characters shown as their Unicode pictures (ESC as ␛), so a file
 * cannot drive the terminal; one character for one, so the caret stays put.
 * Tabs stay tabs (the caret line copies them).
 */
export function visible(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}

export function formatText(files: FileReport[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}${RESET}` : s);
  const lines: string[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) {
      const { line, character } = d.range.start;
      const severity = SEVERITY_NAME[d.severity];
      lines.push(`${paint(BOLD, `${visible(file.path)}:${line + 1}:${character + 1}`)} ${paint(COLORS[d.severity], severity)} ${d.code} ${visible(d.message)}`);
      const source = visible(file.lineIndex.lineText(line));
      const gutter = String(line + 1);
      lines.push(` ${gutter} | ${source}`);
      const endCharacter = d.range.end.line === line ? d.range.end.character : source.length;
      const width = Math.max(1, endCharacter - character);
      // Tabs are copied so the caret lines up with the source in a terminal.
      const lead = source.slice(0, character).replace(/[^\t]/g, ' ');
      lines.push(` ${' '.repeat(gutter.length)} | ${lead}${paint(COLORS[d.severity], '^'.repeat(width))}`);
      for (const r of d.relatedInformation ?? []) {
        lines.push(`   note: ${visible(r.message)} (${r.location.uri === file.uri ? file.path : r.location.uri}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1})`);
      }
    }
  }
  const c = countBySeverity(files);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(c[1], 'error')}, ${plural(c[2], 'warning')}, ${plural(c[3] + c[4], 'note')} in ${plural(files.length, 'file')}`);
  return lines.join('\n') + '\n';
}
