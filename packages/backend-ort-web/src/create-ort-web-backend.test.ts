import { BackendUnavailableError, InvalidArgumentError } from '@sow/core';
import { describe, expect, it } from 'vitest';
import { createOrtWebBackend } from './create-ort-web-backend.js';

// Node has WebAssembly but no WebGPU, which makes it a browser without an adapter. The full backend runs in
// Chromium in examples/web/src/web-browser.test.ts.
describe('createOrtWebBackend outside a WebGPU browser', () => {
  it("gives BackendUnavailableError listing only 'wasm' when WebGPU is asked for, and 'auto' picks wasm", async () => {
    const error = await createOrtWebBackend({ device: 'webgpu', wasmPaths: '/ort/' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(error).toMatchObject({ requested: 'webgpu', available: ['wasm'] });
    expect((error as Error).message).toMatch(
      /Device 'webgpu' is not available \(.*navigator\.gpu.*\); available: \[wasm\]/,
    );
    const auto = await createOrtWebBackend({ wasmPaths: '/ort/' });
    expect(auto).toMatchObject({ name: 'ort-web', device: 'wasm', gpu: undefined, openSessions: 0 });
    await auto.dispose();
  });

  it('validates its settings, and never defaults the WASM files to a CDN', async () => {
    await (await createOrtWebBackend({ device: 'wasm', wasmPaths: '/ort/' })).dispose();
    const cases: [unknown, string][] = [
      [{}, 'settings.wasmPaths'],
      [{ wasmPaths: '' }, 'settings.wasmPaths'],
      [{ wasmPaths: '/ort/', device: 'gpu' }, 'settings.device'],
      [{ wasmPaths: '/ort/', numThreads: 0 }, 'settings.numThreads'],
      [{ wasmPaths: '/ort/', numThreads: 4 }, 'settings.numThreads'],
      [{ wasmPaths: '/ort/', cache: '' }, 'settings.cache'],
      [{ wasmPaths: '/ort/', ort: {} }, 'settings.ort'],
      // Set up with '/ort/' below; an ONNX Runtime module's WASM starts only once.
      [{ wasmPaths: '/elsewhere/' }, 'settings'],
    ];
    for (const [settings, argument] of cases) {
      const error = await createOrtWebBackend(settings as never).catch((e: unknown) => e);
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});
