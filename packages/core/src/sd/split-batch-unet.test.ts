import { describe, expect, it } from 'vitest';
import type { UNetAttention } from '../attention/create-modulated-unet.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { UNet, UNetInput } from '../models/roles.js';
import { createTensor } from '../tensor/tensor.js';
import { splitBatchUNet } from './split-batch-unet.js';

/** A UNet that records each call's batch and strengths and returns sample + 10·(batch item's hidden[0]). */
function recordingUNet() {
  const calls: { batch: number; strengths?: readonly number[] }[] = [];
  const unet: UNet & { marker: true } = {
    inChannels: 1,
    marker: true,
    async predict(input: UNetInput) {
      const batch = input.sample.shape[0] ?? 0;
      const attention = input.attention as UNetAttention | undefined;
      calls.push({ batch, ...(attention && { strengths: attention.request.strengths }) });
      const data = input.sample.data.map((v, i) => v + 10 * (input.encoderHiddenStates.data[i * 2] ?? 0));
      return createTensor('float32', input.sample.shape, data);
    },
  };
  return { unet, calls };
}

const input = (batch: number): UNetInput => ({
  sample: createTensor(
    'float32',
    [batch, 1, 1, 1],
    Array.from({ length: batch }, (_, i) => i),
  ),
  timestep: 1,
  encoderHiddenStates: createTensor(
    'float32',
    [batch, 1, 2],
    Array.from({ length: 2 * batch }, (_, i) => i),
  ),
});

describe('splitBatchUNet', () => {
  it('runs sub-batches of at most maxBatch and concatenates them in order', async () => {
    const { unet, calls } = recordingUNet();
    const whole = await unet.predict(input(5));
    calls.length = 0;
    const split = await splitBatchUNet(unet, 2).predict(input(5));
    expect(calls.map((c) => c.batch)).toEqual([2, 2, 1]);
    expect(Array.from(split.data)).toEqual(Array.from(whole.data));
    expect(split.shape).toEqual([5, 1, 1, 1]);
  });

  it("gives each sub-batch its items' modulation strengths, and keeps the wrapped UNet's fields", async () => {
    const { unet, calls } = recordingUNet();
    const attention = { request: { strengths: [0.1, 0.2, 0.3, 0.4] } } as unknown as UNetAttention;
    const wrapped = splitBatchUNet(unet, 2);
    await wrapped.predict({ ...input(4), attention });
    expect(calls.map((c) => c.strengths)).toEqual([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
    expect(wrapped.marker).toBe(true);
  });

  it('passes small batches through whole and rejects a bad maxBatch', async () => {
    const { unet, calls } = recordingUNet();
    await splitBatchUNet(unet, 4).predict(input(4));
    expect(calls.map((c) => c.batch)).toEqual([4]);
    expect(() => splitBatchUNet(unet, 0)).toThrow(InvalidArgumentError);
    expect(() => splitBatchUNet(unet, 1.5)).toThrow(/maxBatch must be a positive integer/);
  });
});
