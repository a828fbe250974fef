import {
  type AttentionRegions,
  cowCycleAttention,
  createNoiseGenerator,
  createTensor,
  type Float32Tensor,
  type ModulatedUNet,
  randn,
  resolveAttentionModulationConfig,
  type StableDiffusionModels,
  splitBatchUNet,
} from '@sow/core';
import { ensureTestModels, testModelDir } from '@sow/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

const LATENT = 16;

/** Every branch of a COW cycle call modulated: condition box top-left, related box below it. */
function cycleAttention() {
  const mask = createTensor('float32', [LATENT, LATENT]);
  for (let y = 0; y < 8; y++) mask.data.fill(1, y * LATENT + 4, y * LATENT + 12);
  const regions: AttentionRegions = {
    conditionMask: mask,
    conditionBox: { x: 4, y: 0, width: 8, height: 8 },
    relatedBox: { x: 2, y: 6, width: 12, height: 10 },
  };
  return cowCycleAttention(regions, 0, resolveAttentionModulationConfig({ branches: 'all' }));
}

describe('low-memory UNet (sub-batches) on ONNX Runtime CPU', () => {
  const backend = createOrtNodeBackend({ device: 'cpu' });
  let sow: StableDiffusionModels;
  let lowMemory: StableDiffusionModels;
  beforeAll(async () => {
    ensureTestModels(['optimum']);
    const dir = testModelDir('optimum');
    sow = await loadStableDiffusionFromDir(dir, { backend: await backend, attentionModulation: true });
    lowMemory = await loadStableDiffusionFromDir(dir, { backend: await backend, unetMaxBatch: 1 });
  });
  afterAll(async () => {
    await sow.dispose();
    await lowMemory.dispose();
    await (await backend).dispose();
  });

  const input = (batch: number) => {
    const rng = createNoiseGenerator(`low-memory/${batch}`);
    return {
      sample: randn(rng, [batch, 4, LATENT, LATENT]),
      timestep: 601,
      encoderHiddenStates: randn(rng, [batch, 77, sow.textEncoder.hiddenSize]),
    };
  };
  const bits = (t: Float32Tensor) => new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);

  it('gives a COW cycle call (batch 4, every branch modulated) bit for bit as 2x2 and 4x1', async () => {
    const unet = sow.unet as ModulatedUNet;
    const call = { ...input(4), attention: cycleAttention() };
    const whole = await unet.predict(call);
    for (const max of [2, 1]) {
      const split = await splitBatchUNet(unet, max).predict(call);
      expect(split.shape).toEqual(whole.shape);
      expect(bits(split)).toEqual(bits(whole));
    }
  });

  it('gives a guided call (batch 2) bit for bit through the loader option', async () => {
    const call = input(2);
    const whole = await sow.unet.predict(call);
    const split = await lowMemory.unet.predict(call);
    expect(bits(split)).toEqual(bits(whole));
  });
});
