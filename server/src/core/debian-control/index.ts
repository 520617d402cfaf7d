// debian/control as a language of its own: the facade the language server
// and `strap check` call. Pure functions of a text (and, optionally, an
// archive context that places the source in the archive's build graph).

import type { CoreDiagnostic, Severity } from '../types';
import { LineIndex } from '../document/line-index';
import { readControl, type ControlModel } from './control-model';
import { checkControl } from './checks';

export { readControl, type ControlModel } from './control-model';
export { parseDeb822Document, type Deb822Document, type Deb822Field, type Deb822Stanza } from './deb822-document';
export { parseRelationsAt, type RelationsAt, type AlternativeAt, type EntryAt } from './relation-syntax';
export { completeControl, hoverControl, foldingControl, symbolsControl } from './services';
export { formulaHolds, withoutProfile, explainFormula, formatFormula, KNOWN_PROFILES } from './profiles';
export { CONTROL_CODES, isKnownArchitecture } from './checks';

/** What the archive adds to a control file's analysis (see archive-context.ts). */
export interface ControlArchiveView {
  /** Binary package names, for completion. */
  packageNames(): Iterable<string>;
  /** Diagnostics about the source's place in the archive's build graph (cycles), with their fixes. */
  diagnostics(uri: string, model: ControlModel): CoreDiagnostic[];
  /** Markdown about the source's place in the archive's bootstrap plan, for hover on `Source:`. */
  sourceHover(model: ControlModel): string | undefined;
}

export interface ControlAnalysis {
  uri: string;
  text: string;
  model: ControlModel;
  lineIndex: LineIndex;
  diagnostics: CoreDiagnostic[];
}

export interface ControlOptions {
  archive?: ControlArchiveView;
  /** Severity per code; 'off' drops it (as for bootstrap files). */
  severity?: Record<string, Severity | 'off'>;
}

/** Is this URI or path a debian/control file (a file named `control` in a `debian` folder)? */
export function isControlPath(uriOrPath: string): boolean {
  return /(^|[/\\])debian[/\\]control$/.test(uriOrPath.replace(/[?#].*$/, ''));
}

/** The language ids editors use for debian/control. */
export const CONTROL_LANGUAGE_IDS: ReadonlySet<string> = new Set(['debcontrol', 'debian-control']);

export function analyzeControl(uri: string, text: unknown, options: ControlOptions = {}): ControlAnalysis {
  const source = typeof text === 'string' ? text : '';
  const model = readControl(source);
  let diagnostics = checkControl(uri, model);
  if (options.archive) diagnostics = diagnostics.concat(options.archive.diagnostics(uri, model));
  const severity = options.severity;
  if (severity) {
    diagnostics = diagnostics
      .filter((d) => severity[d.code] !== 'off')
      .map((d) => {
        const s = severity[d.code];
        return s && s !== 'off' ? { ...d, severity: s } : d;
      });
  }
  return { uri, text: source, model, lineIndex: new LineIndex(source), diagnostics };
}
