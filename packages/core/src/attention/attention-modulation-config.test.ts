import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { attentionModulationScalars } from './attention-modulation-scalars.js';
import { resolveAttentionModulationConfig } from './resolve-attention-modulation-config.js';

describe('resolveAttentionModulationConfig', () => {
  it('defaults to the placeholder table of spec section 5.4', () => {
    const c = resolveAttentionModulationConfig();
    expect([c.lambdaSup, c.lambdaEnh, c.alphaSup, c.alphaEnh, c.betaSup, c.betaEnh, c.tau]).toEqual([
      0.3, 0.5, 0.15, 0.15, 0, 2, 0.35,
    ]);
    expect(c.gate).toBe('soft');
    expect(c.branches).toBe('all');
  });

  it.each([
    ['lambdaSup', 1.5],
    ['lambdaEnh', -0.1],
    ['alphaEnh', -1],
    ['betaEnh', Number.NaN],
    ['tau', 1],
    ['gate', 'hard'],
    ['branches', 'uncond'],
  ])('rejects %s = %s', (field, value) => {
    expect(() => resolveAttentionModulationConfig({ [field]: value })).toThrow(InvalidArgumentError);
  });
});

describe('attentionModulationScalars', () => {
  it('decays each weight as exp(-alpha k): about 0.26 of it at the 10th cycle (spec 5.4)', () => {
    const s = attentionModulationScalars(9, resolveAttentionModulationConfig());
    expect(s.supScale / 0.3).toBeCloseTo(0.2592, 4);
    expect(s.enhScale).toBeCloseTo(0.5 * Math.exp(-1.35), 12);
    const flat = attentionModulationScalars(9, resolveAttentionModulationConfig({ alphaSup: 0 }));
    expect(flat.supScale).toBe(0.3);
  });

  it('rejects a fractional or negative cycle', () => {
    const c = resolveAttentionModulationConfig();
    expect(() => attentionModulationScalars(-1, c)).toThrow(InvalidArgumentError);
    expect(() => attentionModulationScalars(0.5, c)).toThrow(InvalidArgumentError);
  });
});
