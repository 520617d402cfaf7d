// Editor services: pure functions of an Analysis (offsets in, plain data out)
// that the language server maps onto protocol requests, one module per feature.

export { complete, type CompletionItem, type CompletionKind, type CompletionResult } from './completion';
export { hover, type HoverResult } from './hover';
export {
  symbolAt, definition, references, prepareRename, rename, occurrences,
  type SymbolAt, type SymbolKind, type Location, type Occurrence, type PrepareRenameResult, type RenameResult,
} from './navigation';
export { documentSymbols, workspaceSymbols, type DocumentSymbol, type DocumentSymbolKind, type WorkspaceSymbol } from './symbols';
export { foldingRanges, type FoldingRange } from './folding';
export { inlayHints, inlayHintTooltip, type InlayHint } from './inlay-hints';
export { documentLinks, type DocumentLink, type LinkOptions } from './links';
export { cursorContext, type CursorContext, type KeyContext, type ValueContext } from './cursor';
