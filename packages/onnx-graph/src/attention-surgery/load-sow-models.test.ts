import { createOrtNodeBackend, loadStableDiffusionFromDir, openModelFolder } from '@sow/backend-ort-node';
import { createTensor, type Float32Tensor, type StableDiffusionModels } from '@sow/core';
import { ensureTestModels, TEST_MODEL_VARIANTS } from '@sow/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSowModels } from './load-sow-models.js';

const dirs = ensureTestModels();
const backend = await createOrtNodeBackend({ device: 'cpu' });
afterAll(() => backend.dispose());

/** A deterministic UNet input: 2 items of 4×8×8 latents and 77×32 text states, values in [-1, 1]. */
function unetInput(models: StableDiffusionModels) {
  const fill = (shape: number[], k: number): Float32Tensor => {
    const t = createTensor('float32', shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = Math.sin(i * 0.37 + k);
    return t;
  };
  return {
    sample: fill([2, models.unet.inChannels, 8, 8], 1),
    timestep: 501,
    encoderHiddenStates: fill([2, 77, models.textEncoder.hiddenSize], 2),
  };
}

describe('loadSowModels', () => {
  it.each(TEST_MODEL_VARIANTS)(
    '%s: the patched UNet with modulation off equals the plain one bit for bit',
    async (variant) => {
      const before = backend.openSessions;
      const plain = await loadStableDiffusionFromDir(dirs[variant], { backend });
      const sow = await loadSowModels({ backend, folder: openModelFolder(dirs[variant]) });
      expect(backend.openSessions).toBe(before + 8);
      const input = unetInput(plain);
      const a = await plain.unet.predict(input);
      const b = await sow.unet.predict(input);
      expect(b.shape).toEqual(a.shape);
      expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
      await plain.dispose();
      await sow.dispose();
      expect(backend.openSessions).toBe(before);
    },
  );

  it('patches once per graph content when given a cache, and the node loader forwards it', async () => {
    const cache = new Map<string, Uint8Array>();
    const first = await loadStableDiffusionFromDir(dirs.optimum, {
      backend,
      attentionModulation: true,
      patchCache: cache,
    });
    expect(cache.size).toBe(1);
    const [key, bytes] = [...cache][0] as [string, Uint8Array];
    expect(key).toMatch(/^sow-attn-v\d+-/);
    const second = await loadStableDiffusionFromDir(dirs.optimum, {
      backend,
      attentionModulation: true,
      patchCache: cache,
    });
    expect(cache.size).toBe(1);
    expect(cache.get(key)).toBe(bytes);
    const input = unetInput(first);
    const a = await first.unet.predict(input);
    const b = await second.unet.predict(input);
    expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    await first.dispose();
    await second.dispose();
  });

  it('rejects an aborted load with the signal reason before reading anything', async () => {
    const reason = new Error('stop');
    const controller = new AbortController();
    controller.abort(reason);
    const before = backend.openSessions;
    await expect(
      loadSowModels({ backend, folder: openModelFolder(dirs.diffusers), signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(backend.openSessions).toBe(before);
  });
});
