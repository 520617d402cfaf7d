// SARIF 2.1.0, as GitHub code scanning accepts it.

import type { FileReport } from './report';
import type { PositionedFix, PositionedRange } from '../../core/positioned';

const LEVEL = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' } as const;

export function formatSarif(files: FileReport[], toolVersion: string, pathOf: (uri: string) => string = (u) => u): string {
  const rules = new Map<string, { id: string; shortDescription: { text: string } }>();
  const results = [];
  for (const file of files) {
    for (const d of file.diagnostics) {
      if (!rules.has(d.code)) rules.set(d.code, { id: d.code, shortDescription: { text: d.code.replace(/-/g, ' ') } });
      results.push({
        ruleId: d.code,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: file.path.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        }],
        ...(d.fixes ? { fixes: d.fixes.map((f) => sarifFix(f, pathOf)) } : {}),
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'strap', version: toolVersion, informationUri: 'https://strap.dev', rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A fix as SARIF's `fix`: artifact changes with replacements (1-based lines and UTF-16 columns, as the results). */
function sarifFix(fix: PositionedFix, pathOf: (uri: string) => string) {
  return {
    description: { text: fix.isPreferred ? `${fix.title} (preferred)` : fix.title },
    artifactChanges: Object.entries(fix.changes).map(([uri, edits]) => ({
      artifactLocation: { uri: pathOf(uri).split('\\').join('/'), uriBaseId: '%SRCROOT%' },
      replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
    })),
  };
}

function region(r: PositionedRange) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}
