// `{"files": [{"path", "diagnostics": [LSP Diagnostic objects]}]}` for other tools.

import type { FileReport } from './report';

export function formatJson(files: FileReport[]): string {
  return JSON.stringify({ files: files.map((f) => ({ path: f.path, uri: f.uri, diagnostics: f.diagnostics })) }, null, 2) + '\n';
}
