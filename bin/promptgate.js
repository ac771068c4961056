#!/usr/bin/env node
// The published bin runs the bundled CLI, dist/cli/ (scripts/bundle-cli.js, built by `prepare` on
// npm ci, npm pack and git installs). In a checkout without a build, Node >= 22.18 can run the
// TypeScript sources directly. This file is the one place that touches `process`: main() is given
// the process's arguments, directory, environment, streams and signals, and returns the exit code.
import './check-node.js';
import module from 'node:module';
import { projectSdkHook } from './project-sdk.js';
import { getEventListeners } from 'node:events';

// Node keeps V8's compiled code for the bundle on disk (os.tmpdir()/node-compile-cache, keyed by
// each file's content), so the next start skips compiling it, the bundle's and the SDK's the
// project installed (bench/all.ts times start-up).
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();

// The SDK the project imports, not the one beside promptgate (project-sdk.js says why).
const sdkHook = projectSdkHook(process.cwd(), new URL('../', import.meta.url).href);
if (sdkHook) module.registerHooks?.({ resolve: sdkHook });

const bundle = new URL('../dist/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(bundle.href);
} catch (error) {
  // Only a missing bundle falls back; a bundle missing one of its own chunks is a broken install.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || error.url !== bundle.href) throw error;
  cli = await import('../src/cli/main.ts');
}
const { main, fail, redactStreams, secretsOf } = cli;

// What a run's own code prints straight to the console (a custom check's console.log, the SDK's
// warnings) goes to these streams, not through main's: no key gets out that way either.
redactStreams([process.stdout, process.stderr], secretsOf(process.env));

// A reader that stops early (`promptgate run | head -1`) closes the pipe: what is left to print has
// nowhere to go, and the run goes on to write its reports and exit by its verdict, not crash on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error?.code !== 'EPIPE' && error?.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

// An error that escapes every await (a timer, a stray promise: Node raises unhandled rejections
// here too) is still promptgate's bug: exit 4, not Node's default 1, which reads as "a case failed".
process.on('uncaughtException', (error) => {
  process.exitCode = fail(error, process.stderr);
  process.exit();
});

/**
 * SIGINT and SIGTERM during a run: the first interrupts it (nothing new is sent, calls in flight get
 * a grace to answer), the second cuts those calls at once; either way the reports are
 * written and the exit code is 3. A third, or a first while no run listens, falls to Node's default.
 */
const interrupt = new AbortController();
const cut = new AbortController();
const stopListening = () => {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
};
function onSignal(signal) {
  const name = signal === 'SIGINT' ? 'Ctrl-C' : signal;
  // `again`: how the run's notice names the second signal, which cuts calls in flight.
  const why = { reason: 'interrupted', message: `interrupted (${name})`, again: name };
  if (!interrupt.signal.aborted && getEventListeners(interrupt.signal, 'abort').length === 0) {
    stopListening();
    process.kill(process.pid, signal);
    return;
  }
  if (interrupt.signal.aborted) {
    stopListening();
    cut.abort(why);
    return;
  }
  interrupt.abort(why);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
  cut: cut.signal,
});
stopListening();
