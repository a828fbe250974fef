import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createTensor } from '../tensor/tensor.js';
import { attentionLevelGrids } from './attention-level-grids.js';
import {
  attentionBranchStrengths,
  attentionModulationFeeds,
  attentionModulationOffFeeds,
  ATTENTION_MODULATION_INPUTS as NAMES,
} from './attention-modulation-feeds.js';
import { computeAttentionLevelVectors } from './compute-attention-level-vectors.js';
import { resolveAttentionModulationConfig } from './resolve-attention-modulation-config.js';

const mask = new Float32Array(16 * 16);
for (let y = 0; y < 8; y += 1) for (let x = 4; x < 12; x += 1) mask[y * 16 + x] = 1;
const regions = {
  conditionMask: createTensor('float32', [16, 16], mask),
  conditionBox: { x: 4, y: 0, width: 8, height: 8 },
  relatedBox: { x: 0, y: 4, width: 16, height: 12 },
};

describe('attentionModulationFeeds', () => {
  it('concatenates every level, level 0 first, with strictly decreasing counts', () => {
    const config = resolveAttentionModulationConfig();
    const feeds = attentionModulationFeeds({ regions, cycle: 2, strengths: [1, 0] }, config);
    const counts = Array.from(feeds[NAMES.counts]!.data as BigInt64Array, Number);
    expect(counts).toEqual([256, 64, 16, 4, 1]);
    const total = 341;
    expect(feeds[NAMES.vectors]!.shape).toEqual([5, total]);
    const level2 = computeAttentionLevelVectors(regions, attentionLevelGrids(16, 16)[2]!, config);
    const data = feeds[NAMES.vectors]!.data as Float32Array;
    expect(data.subarray(2 * total + 320, 2 * total + 336)).toEqual(level2.enhRow);
    expect(data.subarray(4 * total + 320, 4 * total + 336)).toEqual(level2.nearestFifth);
    const s = Array.from(feeds[NAMES.scalars]!.data as Float32Array);
    expect(s[0]).toBeCloseTo(0.3 * Math.exp(-0.3), 6);
    expect(s.slice(2)).toEqual([Math.fround(0.35), 1]);
    expect(Array.from(feeds[NAMES.strength]!.data as Float32Array)).toEqual([1, 0]);
  });

  it('encodes the off gate as an always-true binary threshold', () => {
    const config = resolveAttentionModulationConfig({ gate: 'off' });
    const feeds = attentionModulationFeeds({ regions, cycle: 0, strengths: [1] }, config);
    expect(Array.from(feeds[NAMES.scalars]!.data as Float32Array).slice(2)).toEqual([-1, 0]);
  });

  it('builds zero-strength feeds of the right sizes for unmodulated calls', () => {
    const feeds = attentionModulationOffFeeds(64, 64, 4);
    expect(feeds[NAMES.vectors]!.shape).toEqual([5, 4096 + 1024 + 256 + 64 + 16 + 4 + 1]);
    expect(Array.from(feeds[NAMES.strength]!.data as Float32Array)).toEqual([0, 0, 0, 0]);
  });

  it('rejects strengths outside [0, 1] and a related box off the canvas', () => {
    const config = resolveAttentionModulationConfig();
    expect(() => attentionModulationFeeds({ regions, cycle: 0, strengths: [2] }, config)).toThrow(
      InvalidArgumentError,
    );
    const off = { ...regions, relatedBox: { x: 8, y: 8, width: 16, height: 4 } };
    expect(() => attentionModulationFeeds({ regions: off, cycle: 0, strengths: [1] }, config)).toThrow(
      /relatedBox must be a box with positive size inside the 16×16 latent canvas/,
    );
  });

  it('modulates only the text branch when asked', () => {
    const text = resolveAttentionModulationConfig({ branches: 'text' });
    expect(attentionBranchStrengths([false, true, false, false], text)).toEqual([0, 1, 0, 0]);
    expect(attentionBranchStrengths([false, true], resolveAttentionModulationConfig())).toEqual([1, 1]);
  });
});
