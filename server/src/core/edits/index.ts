// Minimal text edits on bootstrap files: pure functions from a parsed
// document (and arguments) to non-overlapping offset edits that keep
// comments, indentation and flow/block style.

export { applyEdits, sortEdits } from './apply-edits';
export { EditError, type EditErrorCode } from './edit-error';
export { setMember, removeMember, renameKey, type SetMemberOptions } from './members';
export { replaceList, appendArrayItem, removeArrayItem } from './arrays';
export { replaceScalar } from './scalars';
export type { Scalar } from './serialize';
