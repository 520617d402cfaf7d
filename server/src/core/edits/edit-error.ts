// The one error type the edit builders throw when they refuse a request: the
// target is missing or of the wrong kind, the change would create a duplicate
// key, or the source layout is one we do not rewrite (a syntax error around
// the target, an anchor that would be lost). Code actions catch it and simply
// offer nothing.

export type EditErrorCode =
  | 'not-found'
  | 'not-an-object'
  | 'not-an-array'
  | 'not-a-scalar'
  | 'not-a-member'
  | 'not-an-item'
  | 'duplicate-key'
  | 'invalid-value'
  | 'unsupported'
  | 'overlap';

export class EditError extends Error {
  constructor(readonly code: EditErrorCode, message: string) {
    super(message);
    this.name = 'EditError';
  }
}

export function describePointer(pointer: string): string {
  return pointer === '' ? 'the document root' : `'${pointer}'`;
}
