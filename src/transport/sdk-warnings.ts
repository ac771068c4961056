/**
 * The SDK `console.warn`s on every call to a model on its own deprecated list (messages.mjs,
 * DEPRECATED_MODELS), synchronously inside `messages.create()` and `.stream()`: about seven times a
 * run, each line torn into the progress line. promptgate says it once per model, in its own words,
 * in the run's summary (RunResult.deprecatedModels), so that one warning is dropped here, and only
 * while the SDK call itself runs: the swap is undone before any other code can run, and every
 * other warning passes through.
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
