import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrtNodeBackend } from '@sow/backend-ort-node';
import {
  cowCycleAttention,
  createModulatedUNet,
  createTensor,
  createUNet,
  InvalidArgumentError,
  ModelIOError,
  resolveAttentionModulationConfig,
  sowAttentionRegions,
} from '@sow/core';
import { ensureTestModels } from '@sow/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { patchSelfAttentionBytes } from './patch-self-attention-bytes.js';

const dir = ensureTestModels(['diffusers']).diffusers;
const raw = new Uint8Array(readFileSync(join(dir, 'unet', 'model.onnx')));
const backend = await createOrtNodeBackend({ device: 'cpu' });
afterAll(() => backend.dispose());

const mask = createTensor('float32', [1, 1, 4, 4], new Float32Array(16).fill(1));
const regions = sowAttentionRegions({
  region: { x: 2, y: 0, mask },
  latentHeight: 8,
  latentWidth: 8,
  relatedBox: [0, 16, 64, 48],
});
const input = (batch: number) => ({
  sample: createTensor(
    'float32',
    [batch, 4, 8, 8],
    Float32Array.from({ length: batch * 256 }, (_, i) => Math.sin(i)),
  ),
  timestep: 601,
  encoderHiddenStates: createTensor(
    'float32',
    [batch, 77, 32],
    Float32Array.from({ length: batch * 77 * 32 }, (_, i) => Math.cos(i * 0.37)),
  ),
});

describe('createModulatedUNet over a patched generated UNet', () => {
  it('equals the unpatched UNet without modulation, and modulates only the asked branches', async () => {
    const plain = createUNet(await backend.loadSession({ bytes: raw }));
    const unet = createModulatedUNet(
      await backend.loadSession({ bytes: patchSelfAttentionBytes(raw).bytes }),
    );
    const reference = await plain.predict(input(4));
    expect((await unet.predict(input(4))).data).toEqual(reference.data);
    const config = resolveAttentionModulationConfig({ branches: 'text', gate: 'off' });
    const out = await unet.predict({ ...input(4), attention: cowCycleAttention(regions, 0, config) });
    const per = 4 * 64;
    const item = (t: { data: Float32Array }, b: number) => t.data.subarray(b * per, (b + 1) * per);
    const maxDiff = (b: number) =>
      Math.max(...item(out, b).map((v, i) => Math.abs(v - item(reference, b)[i]!)));
    expect(maxDiff(1)).toBeGreaterThan(1e-3);
    // Unmodulated items of a modulated call match up to the key order of the Softmax sums.
    for (const b of [0, 2, 3]) expect(maxDiff(b)).toBeLessThan(1e-5);
  });

  it('rejects an unpatched session and a request that does not fit the call', async () => {
    await expect(async () => createModulatedUNet(await backend.loadSession({ bytes: raw }))).rejects.toThrow(
      ModelIOError,
    );
    const unet = createModulatedUNet(
      await backend.loadSession({ bytes: patchSelfAttentionBytes(raw).bytes }),
    );
    const attention = cowCycleAttention(regions, 0, resolveAttentionModulationConfig());
    await expect(unet.predict({ ...input(2), attention })).rejects.toThrow(InvalidArgumentError);
  });
});
