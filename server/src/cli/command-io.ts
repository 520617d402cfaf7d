// What a command may touch of the outside world, so tests can run commands in-process.

import { parseArgs, type ParseArgsConfig } from 'util';

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  color: boolean;
  /** True once the reader of standard output went away (a closed pipe): long-running commands stop. */
  outputClosed?(): boolean;
  /** All of standard input (`strap check -`); default: file descriptor 0. */
  readStdin?(): string;
}

export class UsageError extends Error {}

/** util.parseArgs with usage errors turned into UsageError. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const e = error as Error & { code?: string };
    // Node's own message for this one ends with an unbalanced quote.
    const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /^Unknown option '(.*?)'\./.exec(e.message);
    if (unknown) throw new UsageError(`unknown option '${unknown[1]}' (--help lists the options; an argument that starts with '-' goes after '--')`);
    throw new UsageError(e.message);
  }
}

/** The values of a repeatable `--files GLOB`: globs of bootstrap files (none: the default names). */
export function fileGlobs(values: string[] | undefined): string[] {
  const globs = values ?? [];
  for (const glob of globs) if (!glob.trim()) throw new UsageError('--files takes a glob, not an empty string');
  return globs;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not '${value}'`);
  return value as T;
}
