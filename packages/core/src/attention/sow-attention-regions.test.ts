import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createTensor } from '../tensor/tensor.js';
import { cowCycleAttention } from './cow-cycle-attention.js';
import { resolveAttentionModulationConfig } from './resolve-attention-modulation-config.js';
import { sowAttentionRegions } from './sow-attention-regions.js';

const mask = createTensor('float32', [1, 1, 4, 4], [0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0]);

describe('sowAttentionRegions', () => {
  it('places the keep-mask at the seed box and converts the guiding box from pixels to latent cells', () => {
    const r = sowAttentionRegions({
      region: { x: 2, y: 1, mask },
      latentHeight: 8,
      latentWidth: 8,
      relatedBox: [8, 32, 48, 32],
    });
    expect(r.conditionBox).toEqual({ x: 2, y: 1, width: 4, height: 4 });
    expect(r.relatedBox).toEqual({ x: 1, y: 4, width: 6, height: 4 });
    const m = r.conditionMask.data as Float32Array;
    expect(Array.from(m.subarray(8, 16))).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    expect(m.reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('rejects a guiding box that leaves the canvas', () => {
    const args = { region: { x: 2, y: 1, mask }, latentHeight: 8, latentWidth: 8 };
    expect(() => sowAttentionRegions({ ...args, relatedBox: [32, 32, 48, 32] })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('cowCycleAttention', () => {
  it('modulates all four G2 branches by default and only the prompt branch with branches: text', () => {
    const regions = sowAttentionRegions({
      region: { x: 2, y: 1, mask },
      latentHeight: 8,
      latentWidth: 8,
      relatedBox: [0, 32, 64, 32],
    });
    expect(cowCycleAttention(regions, 3, resolveAttentionModulationConfig()).request.strengths).toEqual([
      1, 1, 1, 1,
    ]);
    const text = cowCycleAttention(regions, 3, resolveAttentionModulationConfig({ branches: 'text' }));
    expect(text.request).toMatchObject({ cycle: 3, strengths: [0, 1, 0, 0] });
  });
});
