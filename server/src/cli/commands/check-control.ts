// `strap check path/to/debian/control [--archive FILE]`: the diagnostics the
// language server shows on a debian/control file, printed like those of
// bootstrap files.

import * as fs from 'fs';
import { analyzeControl, type ControlArchiveView } from '../../core/debian-control';
import { toPositionedDiagnostic } from '../../core/positioned';
import type { Severity } from '../../core/types';
import { pathToUri } from '../../core/workspace/uris';
import { loadArchiveContext } from '../archive-files';
import { UsageError } from '../command-io';
import type { FileReport } from '../format/report';

export async function checkControlFiles(
  files: string[],
  options: { archive?: string; severity: Record<string, Severity | 'off'>; displayPath: (p: string) => string },
): Promise<FileReport[]> {
  let archive: ControlArchiveView | undefined;
  if (options.archive !== undefined) {
    try {
      archive = await loadArchiveContext(options.archive);
    } catch (error) {
      throw new UsageError(`--archive ${options.archive}: ${(error as Error).message}`);
    }
  }
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const uri = pathToUri(file);
    const analysis = analyzeControl(uri, text, { archive, severity: options.severity });
    reports.push({
      path: options.displayPath(file),
      uri,
      lineIndex: analysis.lineIndex,
      diagnostics: analysis.diagnostics.map((d) => toPositionedDiagnostic(d, () => analysis.lineIndex)),
    });
  }
  return reports;
}
