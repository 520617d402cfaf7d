// The `yaml` package's parser looks up `process.env.LOG_TOKENS` once per
// token (and its composer `LOG_STREAM` once per document). Node's
// `process.env` is no plain object: every read goes through a native
// interceptor into the C environment, and on a 13.6 MB document those
// millions of reads were about a tenth of the whole parse. While a parse
// runs (synchronously: nothing else can look), `process.env` is a plain copy
// of itself, with the same values; the real one is back before the call returns.

let depth = 0;

/** `run()` with `process.env` a plain copy of itself; nested calls share one copy. */
export function withPlainEnvironment<T>(run: () => T): T {
  if (depth > 0) return run();
  const real = process.env;
  depth++;
  try {
    process.env = { ...real };
    return run();
  } finally {
    process.env = real;
    depth--;
  }
}
