// V8 represents a slice of 13 or more characters as a view into its parent
// string, and the view keeps the whole parent alive. A name parsed from an
// entry of a 5 MB document would hold that document's text, and after an edit
// every earlier version of it, for as long as the name lives. Text that is
// parsed into long-lived nodes is therefore copied out of its parent first.

/** `text` as a string of its own, sharing no memory with the string it was sliced from. */
export function detachedCopy(text: string): string {
  // Slicing a concatenation flattens it into a new string: the result is a
  // view into that copy (one character longer), not into `text`'s parent.
  return (' ' + text).slice(1);
}
