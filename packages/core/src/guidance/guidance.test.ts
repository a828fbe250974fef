import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createNoiseGenerator } from '../random/noise-generator.js';
import { randn } from '../random/randn.js';
import { createTensor } from '../tensor/tensor.js';
import { classifierFreeGuidance } from './classifier-free-guidance.js';
import { maskedMultiBranchGuidance } from './masked-multi-branch-guidance.js';

const rng = createNoiseGenerator('guidance');
const shape = [2, 3, 4, 5];
const [neg, pos, sup, div] = ['neg', 'pos', 'sup', 'div'].map((n) => randn(rng.fork(n), shape)) as [
  ReturnType<typeof randn>,
  ReturnType<typeof randn>,
  ReturnType<typeof randn>,
  ReturnType<typeof randn>,
];

describe('classifierFreeGuidance', () => {
  it('is u + s (c - u) elementwise, and cond at scale 1', () => {
    const out = classifierFreeGuidance(neg, pos, 7.5);
    out.data.forEach(
      (v, i) => void expect(v).toBeCloseTo((1 - 7.5) * Number(neg.data[i]) + 7.5 * Number(pos.data[i]), 4),
    );
    expect(classifierFreeGuidance(neg, pos, 1).data).toEqual(pos.data);
    expect(() => classifierFreeGuidance(neg, createTensor('float32', [1]), 1)).toThrow(ShapeMismatchError);
    expect(() => classifierFreeGuidance(neg, pos, Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe('maskedMultiBranchGuidance', () => {
  // Plain-loop reference in the spec's own words: inside the mask the negative is eps_neg; outside it is
  // eps_neg + eps_suppress - eps_diverse; then CFG toward the prompt.
  function reference(m: (b: number, c: number, y: number, x: number) => number, s: number): number[] {
    const out: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 4; y++)
          for (let x = 0; x < 5; x++) {
            const i = ((b * 3 + c) * 4 + y) * 5 + x;
            const inside = Number(neg.data[i]);
            const outside = Number(neg.data[i]) + Number(sup.data[i]) - Number(div.data[i]);
            const mm = m(b, c, y, x);
            const epsN = mm * inside + (1 - mm) * outside;
            out.push(epsN + s * (Number(pos.data[i]) - epsN));
          }
    return out;
  }

  it('matches the G2 formula with a [1, 1, h, w] mask broadcast over batch and channels', () => {
    const maskFn = (_b: number, _c: number, y: number, x: number) => (y < 2 && x >= 1 && x < 4 ? 1 : 0);
    const mask = createTensor(
      'float32',
      [1, 1, 4, 5],
      Array.from({ length: 20 }, (_, p) => maskFn(0, 0, Math.floor(p / 5), p % 5)),
    );
    const out = maskedMultiBranchGuidance({
      negative: neg,
      prompt: pos,
      suppress: sup,
      diverse: div,
      mask,
      scale: 7.5,
    });
    const ref = reference(maskFn, 7.5);
    out.data.forEach((v, i) => void expect(v).toBeCloseTo(ref[i] ?? Number.NaN, 4));
  });

  it('matches the formula with a full-shape soft mask', () => {
    const mask = createTensor(
      'float32',
      shape,
      Array.from({ length: 120 }, (_, i) => (i % 7) / 6),
    );
    const out = maskedMultiBranchGuidance({
      negative: neg,
      prompt: pos,
      suppress: sup,
      diverse: div,
      mask,
      scale: 3,
    });
    const ref = reference((b, c, y, x) => ((((b * 3 + c) * 4 + y) * 5 + x) % 7) / 6, 3);
    out.data.forEach((v, i) => void expect(v).toBeCloseTo(ref[i] ?? Number.NaN, 4));
  });

  it('reduces to classifier-free guidance when the mask is all ones', () => {
    const mask = createTensor('float32', [1, 1, 4, 5], new Float32Array(20).fill(1));
    const out = maskedMultiBranchGuidance({
      negative: neg,
      prompt: pos,
      suppress: sup,
      diverse: div,
      mask,
      scale: 7.5,
    });
    const cfg = classifierFreeGuidance(neg, pos, 7.5);
    out.data.forEach((v, i) => void expect(v).toBeCloseTo(Number(cfg.data[i]), 5));
  });

  it('rejects mismatched branches and masks', () => {
    const mask = createTensor('float32', [1, 1, 4, 5]);
    const args = { negative: neg, prompt: pos, suppress: sup, diverse: div, mask, scale: 7.5 };
    expect(() =>
      maskedMultiBranchGuidance({ ...args, diverse: createTensor('float32', [2, 3, 4, 4]) }),
    ).toThrow(ShapeMismatchError);
    expect(() => maskedMultiBranchGuidance({ ...args, mask: createTensor('float32', [1, 2, 4, 5]) })).toThrow(
      ShapeMismatchError,
    );
    expect(() => maskedMultiBranchGuidance({ ...args, mask: createTensor('float32', [4, 5]) })).toThrow(
      ShapeMismatchError,
    );
    expect(() => maskedMultiBranchGuidance({ ...args, scale: Number.POSITIVE_INFINITY })).toThrow(
      InvalidArgumentError,
    );
  });
});
