import { type Backend, createTensor, type Session, type Tensor } from '@sow/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  affineModel,
  castModel,
  IDENTITY_INPUTS,
  IDENTITY_OUTPUTS,
  identityModel,
} from './conformance-models.js';
import { expectAffineOutput } from './expect-affine-output.js';

/** Feeds for the identity model; int64 values beyond 2^53 and raw half bits catch lossy conversions. */
export function identityFeeds(): Record<string, Tensor> {
  return {
    f32: createTensor('float32', [2, 3], Float32Array.from([1.5, -0, 3e38, -1e-40, Math.PI, -7])),
    // 1, -2, 65504, smallest subnormal, +Inf, -0 as IEEE half bit patterns.
    f16: createTensor('float16', [2, 3], Uint16Array.from([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x8000])),
    i32: createTensor('int32', [4], Int32Array.from([0, -1, 2147483647, -2147483648])),
    i64: createTensor('int64', [3], BigInt64Array.from([2n ** 62n + 1n, -(2n ** 63n), 9007199254740993n])),
    u8: createTensor('uint8', [], Uint8Array.from([255])),
    b: createTensor('bool', [2, 2], Uint8Array.from([1, 0, 0, 1])),
  };
}

/** Registers metadata, dtype round-trip, arithmetic and concurrency cases. */
export function describeRunCases(backend: () => Backend): void {
  describe('metadata', () => {
    it('reports input and output names, dtypes and symbolic, fixed and scalar dims in order', async () => {
      const session = await backend().loadSession({ bytes: identityModel() });
      expect(session.inputs).toEqual(IDENTITY_INPUTS);
      expect(session.outputs).toEqual(IDENTITY_OUTPUTS);
      await session.dispose();
    });
  });

  describe('dtype round trips', () => {
    let identity: Session;
    let cast: Session;
    beforeAll(async () => {
      identity = await backend().loadSession({ bytes: identityModel() });
      cast = await backend().loadSession({ bytes: castModel() });
    });

    it('copies float32, float16, int32, int64, uint8 and bool through Identity bit for bit', async () => {
      const feeds = identityFeeds();
      const out = await identity.run(feeds);
      for (const [name, tensor] of Object.entries(feeds)) {
        const got = out[`${name}_out`]!;
        expect(got.dtype).toBe(tensor.dtype);
        expect(got.shape).toEqual(tensor.shape);
        expect(got.data.constructor).toBe(tensor.data.constructor);
        expect(got.data).toEqual(tensor.data);
      }
    });

    it('casts float32 to float16 bits by IEEE 754 round-to-nearest and back exactly', async () => {
      const x = Float32Array.from([1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, Infinity, -0, 1 / 3]);
      const k = BigInt64Array.from([7n, -3n, 2147483647n]);
      const u = Uint8Array.from([0, 128, 255]);
      const out = await cast.run({
        x: createTensor('float32', [x.length], x),
        k: createTensor('int64', [3], k),
        u: createTensor('uint8', [3], u),
      });
      // 1/3 rounds to 0x3555 = 0.333251953125 (10-bit mantissa 0b0101010101).
      const halfBits = [0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0001, 0x7c00, 0x8000, 0x3555];
      expect(out.half!.dtype).toBe('float16');
      expect(out.half!.data).toBeInstanceOf(Uint16Array);
      expect([...out.half!.data]).toEqual(halfBits);
      expect([...out.back!.data]).toEqual([
        1,
        -2,
        0.5,
        65504,
        2 ** -14,
        2 ** -24,
        Infinity,
        -0,
        0.333251953125,
      ]);
      expect(out.truth!.dtype).toBe('bool');
      expect([...out.truth!.data]).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 1]);
      expect(out.k32!.dtype).toBe('int32');
      expect([...out.k32!.data]).toEqual([7, -3, 2147483647]);
      expect([...out.u8f!.data]).toEqual([0, 128, 255]);
    });

    it('accepts any size on symbolic dimensions', async () => {
      const feeds = identityFeeds();
      const f32 = createTensor(
        'float32',
        [5, 3],
        Float32Array.from({ length: 15 }, (_, i) => i - 7),
      );
      const out = await identity.run({ ...feeds, f32 });
      expect(out.f32_out!.shape).toEqual([5, 3]);
      expect(out.f32_out!.data).toEqual(f32.data);
    });
  });

  describe('arithmetic', () => {
    let affine: Session;
    beforeAll(async () => {
      affine = await backend().loadSession({ bytes: affineModel() });
    });

    /** Inputs of batch 3 that differ per index `k`. */
    const input = (k: number): Tensor<'float32'> =>
      createTensor(
        'float32',
        [3, 4],
        Float32Array.from({ length: 12 }, (_, i) => Math.sin(k * 12 + i) * 4),
      );

    it('computes MatMul + Add to the closed form x·W + b', async () => {
      const x = input(0);
      expectAffineOutput(x, (await affine.run({ x })).y);
    });

    it('gives the same answers for 8 concurrent runs as for sequential ones', async () => {
      const inputs = Array.from({ length: 8 }, (_, k) => input(k + 1));
      const sequential: Tensor[] = [];
      for (const x of inputs) sequential.push((await affine.run({ x })).y!);
      const concurrent = await Promise.all(inputs.map(async (x) => (await affine.run({ x })).y!));
      expect(concurrent).toEqual(sequential);
      for (const [k, x] of inputs.entries()) expectAffineOutput(x, concurrent[k]);
    });
  });
}
