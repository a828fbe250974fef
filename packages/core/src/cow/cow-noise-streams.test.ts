import { describe, expect, it } from 'vitest';
import { createTorchCpuGenerator } from '../random/torch-cpu-generator.js';
import { createCowNoiseStreams } from './cow-noise-streams.js';

describe('createCowNoiseStreams', () => {
  it("'torch-cpu': VAE samples, then eta draws, continue one PyTorch generator as the official code's", () => {
    const streams = createCowNoiseStreams(42, 'torch-cpu');
    const reference = createTorchCpuGenerator(42);
    expect([...streams.vaeSample.normal(32)]).toEqual([...reference.normal(32)]);
    expect([...streams.vaeSample.normal(16)]).toEqual([...reference.normal(16)]);
    expect([...streams.eta.normal(48)]).toEqual([...reference.normal(48)]);
    expect(streams.renoise.seed).toBe('42/renoise');
  });

  it("'philox': three independent forks; unknown kinds are refused", () => {
    const a = createCowNoiseStreams(42);
    expect([a.vaeSample.seed, a.eta.seed, a.renoise.seed]).toEqual(['42/vae-sample', '42/eta', '42/renoise']);
    expect(() => createCowNoiseStreams(42, 'cuda' as 'philox')).toThrow(
      /noise must be 'philox' or 'torch-cpu'/,
    );
    expect(() => createCowNoiseStreams('cat', 'torch-cpu')).toThrow(/seed must be an integer/);
  });
});
