import type { Backend } from '@sow/core';
import { afterAll, beforeAll } from 'vitest';

/**
 * Registers `beforeAll`/`afterAll` hooks in the current `describe` that create a backend and dispose it,
 * and returns a getter for it. Each block gets its own backend, so session counts never mix.
 */
export function useBackend(makeBackend: () => Promise<Backend>): () => Backend {
  let backend: Backend | undefined;
  beforeAll(async () => {
    backend = await makeBackend();
  });
  afterAll(async () => {
    await backend?.dispose();
  });
  return () => {
    if (backend === undefined) throw new Error('useBackend: the backend is created in beforeAll.');
    return backend;
  };
}
