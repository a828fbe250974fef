import type { Backend, Session } from '@sow/core';

/**
 * Wraps a backend so that every `session.run` of the sessions it opens reports its wall time to `onRun`:
 * benchmarks split a model call into time inside the runtime and time in our code around it. Runs the same
 * in Node and in the browser.
 */
export function withRunTimer(backend: Backend, onRun: (ms: number) => void): Backend {
  const wrap = (session: Session): Session => ({
    inputs: session.inputs,
    outputs: session.outputs,
    async run(feeds, options) {
      const started = performance.now();
      try {
        return await session.run(feeds, options);
      } finally {
        onRun(performance.now() - started);
      }
    },
    dispose: () => session.dispose(),
  });
  return {
    name: backend.name,
    device: backend.device,
    loadSession: async (source, options) => wrap(await backend.loadSession(source, options)),
    get openSessions() {
      return backend.openSessions;
    },
    dispose: () => backend.dispose(),
  };
}
