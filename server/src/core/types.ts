// Shared vocabulary of the analysis core. Everything here is plain data: no LSP,
// no terminal. Ranges are offsets into the document text (UTF-16 code units,
// as JavaScript strings index them); the LSP layer and the CLI convert them
// to line/character positions with a LineIndex.

export interface OffsetRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text replacement in one document, in offsets of that document's text. */
export interface OffsetEdit {
  range: OffsetRange;
  newText: string;
}

export interface FileEdits {
  uri: string;
  edits: OffsetEdit[];
}

/** A fix offered for a diagnostic, as data; the LSP layer turns it into a code action. */
export interface Fix {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  isPreferred?: boolean;
  changes: FileEdits[];
}

export interface RelatedLocation {
  uri: string;
  range: OffsetRange;
  message: string;
}

export interface CoreDiagnostic {
  uri: string;
  range: OffsetRange;
  severity: Severity;
  /** Stable identifier, e.g. `schema`, `unknown-package`, `build-cycle`. */
  code: string;
  message: string;
  tags?: Array<'unnecessary' | 'deprecated'>;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Extra machine-readable facts (e.g. the JSON pointer of the node, the cycle path). */
  data?: Record<string, unknown>;
}
