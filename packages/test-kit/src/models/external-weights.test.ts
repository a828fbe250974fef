import { DataLocation } from '@sow/onnx-graph';
import { describe, expect, it } from 'vitest';
import { ExternalWeights } from './external-weights.js';

describe('ExternalWeights', () => {
  it('writes each weight at a 4096-aligned offset and records it as external data', () => {
    const writes: { offset: number; values: Float32Array }[] = [];
    const weights = new ExternalWeights('w.bin', (bytes, offset) =>
      writes.push({ offset, values: new Float32Array(bytes.slice().buffer) }),
    );
    expect(weights.tensor('a.weight', [3], Float32Array.of(1, 2, 3))).toBe('a.weight');
    weights.random('b.weight', [100, 100], 0.1);
    expect(writes.map((w) => w.offset)).toEqual([0, 4096]);
    expect([...(writes[0]?.values ?? [])]).toEqual([1, 2, 3]);
    expect(weights.initializers.map((t) => [t.name, t.dims, t.dataLocation, t.externalData])).toEqual([
      [
        'a.weight',
        [3],
        DataLocation.External,
        [
          { key: 'location', value: 'w.bin' },
          { key: 'offset', value: '0' },
          { key: 'length', value: '12' },
        ],
      ],
      [
        'b.weight',
        [100, 100],
        DataLocation.External,
        [
          { key: 'location', value: 'w.bin' },
          { key: 'offset', value: '4096' },
          { key: 'length', value: '40000' },
        ],
      ],
    ]);
    expect(weights.parameterCount).toBe(10_003);
    expect(weights.byteLength).toBe(4096 + 40_000);
  });

  it('draws uniform random weights with the asked standard deviation, deterministically', () => {
    const draw = (seed: number) => {
      let values = new Float32Array();
      new ExternalWeights(
        'w.bin',
        (bytes) => {
          values = new Float32Array(bytes.slice().buffer);
        },
        seed,
      ).random('w', [50_000], 0.05);
      return values;
    };
    const values = draw(7);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(std).toBeCloseTo(0.05, 3);
    const largest = values.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
    expect(largest).toBeLessThanOrEqual(0.05 * Math.sqrt(3) * (1 + 1e-6));
    expect(largest).toBeGreaterThan(0.05 * Math.sqrt(3) * 0.999);
    expect(draw(7)).toEqual(values);
    expect(draw(8)).not.toEqual(values);
  });

  it('records shapes without drawing values when there is no writer', () => {
    const weights = new ExternalWeights('w.bin');
    weights.random('huge', [1 << 20, 1 << 12], 1); // 16 GB if drawn
    expect(weights.parameterCount).toBe(2 ** 32);
  });
});
