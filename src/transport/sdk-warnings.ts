/**
 * The SDK `console.warn`s synchronously inside `messages.create()` and `.stream()` on every call to
 * a model on its deprecated list, tearing the progress line. promptgate says it once per model in
 * the summary (RunResult.deprecatedModels), so that warning alone is dropped here, only while the
 * SDK call runs; every other warning passes through.
 */
const SDK_DEPRECATED_MODEL = /^The model '[^']*' is deprecated and will reach end-of-life/;

export function withoutSdkModelWarnings<T>(call: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && SDK_DEPRECATED_MODEL.test(args[0])) return;
    warn.apply(console, args);
  };
  try {
    return call();
  } finally {
    console.warn = warn;
  }
}
