import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createTorchCpuGenerator } from './torch-cpu-generator.js';

/** Values made by Debian's python3-torch 1.13.1 with `fixtures/make-torch-cpu-fixture.py`. */
const FIXTURE = JSON.parse(
  readFileSync(new URL('./fixtures/torch-cpu-randn.json', import.meta.url), 'utf8'),
) as {
  cases: { seed: string; draws: { fn: 'randn' | 'rand'; n: number; bits: string[] }[] }[];
};

const hexBits = (values: Float32Array): string[] => {
  const view = new DataView(new ArrayBuffer(4));
  return Array.from(values, (v) => {
    view.setFloat32(0, v);
    return view.getUint32(0).toString(16).padStart(8, '0');
  });
};

describe('createTorchCpuGenerator', () => {
  it('gives the public torch.randn values of seed 0', () => {
    const v = createTorchCpuGenerator(0).normal(16);
    expect([...v.slice(0, 5)].map((x) => Number(x.toFixed(4)))).toEqual([
      -1.1258, -1.1524, -0.2506, -0.4339, 0.8487,
    ]);
  });

  for (const { seed, draws } of FIXTURE.cases) {
    it(`reproduces PyTorch bit for bit: seed ${seed}, ${draws.map((d) => `${d.fn}(${d.n})`).join(', ')}`, () => {
      const g = createTorchCpuGenerator(BigInt(seed));
      for (const { fn, n, bits } of draws) {
        expect(hexBits(fn === 'randn' ? g.normal(n) : g.uniform(n)), `${fn}(${n})`).toEqual(bits);
      }
    });
  }

  it('labels its stream with the seed and forks reproducibly', () => {
    const g = createTorchCpuGenerator('42');
    expect(g.seed).toBe('42');
    expect(g.fork('renoise').seed).toBe('42/renoise');
    expect([...g.fork('a').normal(20)]).toEqual([...createTorchCpuGenerator(42).fork('a').normal(20)]);
    expect([...g.fork('a').normal(20)]).not.toEqual([...g.fork('b').normal(20)]);
  });

  it('rejects seeds PyTorch would not take', () => {
    expect(() => createTorchCpuGenerator(-1)).toThrow(InvalidArgumentError);
    expect(() => createTorchCpuGenerator(1.5)).toThrow(/seed must be/);
    expect(() => createTorchCpuGenerator('cat')).toThrow(/seed must be a non-negative integer/);
    expect(() => createTorchCpuGenerator(0).normal(-1)).toThrow(/count must be/);
  });
});

describe('createTorchCpuGenerator against the recorded Python runs', () => {
  const reference = new URL('../../../../../shared/reference/', import.meta.url);
  /** Indices where two float32 arrays differ in any bit (an empty list when they are identical). */
  const bitMismatches = (a: Float32Array, b: Float32Array): number[] => {
    const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
    const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
    const out: number[] = [];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) out.push(i);
    return out;
  };
  const floats = (path: string) => {
    const raw = readFileSync(new URL(path, reference));
    return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  };

  it("gives diffusers' initial latents of seed 1 (16384 values) bit for bit", () => {
    const recorded = floats('diffusers-txt2img/cat-seed1/rng_000.bin');
    expect(bitMismatches(createTorchCpuGenerator(1).normal(recorded.length), recorded)).toEqual([]);
  });

  it("gives every draw of the official COW run's seeded generator, in order, bit for bit", () => {
    const index = JSON.parse(
      readFileSync(new URL('cow-official/recorded/index.json', reference), 'utf8'),
    ) as {
      records: { name: string; file: string; source?: string }[];
    };
    const draws = index.records.filter((r) => r.name.startsWith('rng_') && r.source === 'generator');
    expect(draws).toHaveLength(27);
    const g = createTorchCpuGenerator(42);
    for (const r of draws) {
      const recorded = floats(`cow-official/recorded/${r.file}`);
      expect(bitMismatches(g.normal(recorded.length), recorded), r.name).toEqual([]);
    }
  });
});
