// SARIF 2.1.0, as GitHub code scanning accepts it.

import type { FileReport } from './report';

const LEVEL = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' } as const;

export function formatSarif(files: FileReport[], toolVersion: string): string {
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
