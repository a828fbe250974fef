import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { add } from './add.js';
import { clampTensor } from './clamp-tensor.js';
import { cloneTensor } from './clone-tensor.js';
import { lerp } from './lerp.js';
import { scale } from './scale.js';
import { sub } from './sub.js';
import { createTensor } from './tensor.js';

const a = createTensor('float32', [2, 3], [1, -2, 3.5, 0, 10, -0.25]);
const b = createTensor('float32', [2, 3], [4, 4, -1, 2, 0.5, 8]);

describe('scale, add, sub, lerp', () => {
  it('compute elementwise results and keep the shape', () => {
    expect(Array.from(scale(a, 2).data)).toEqual([2, -4, 7, 0, 20, -0.5]);
    expect(Array.from(add(a, b).data)).toEqual([5, 2, 2.5, 2, 10.5, 7.75]);
    expect(Array.from(sub(a, b).data)).toEqual([-3, -6, 4.5, -2, 9.5, -8.25]);
    expect(add(a, b).shape).toEqual([2, 3]);
  });

  it('lerp gives a at 0, b at 1, the midpoint at 0.5 and extrapolates like guidance', () => {
    expect(Array.from(lerp(a, b, 0).data)).toEqual(Array.from(a.data));
    expect(Array.from(lerp(a, b, 1).data)).toEqual(Array.from(b.data));
    expect(Array.from(lerp(a, b, 0.5).data)).toEqual([2.5, 1, 1.25, 1, 5.25, 3.875]);
    // uncond + 7.5 * (text - uncond) with uncond = 1, text = 2 -> 8.5
    const g = lerp(createTensor('float32', [1], [1]), createTensor('float32', [1], [2]), 7.5);
    expect(g.data[0]).toBe(8.5);
  });

  it('does not modify the inputs', () => {
    const before = Array.from(a.data);
    scale(a, 3);
    add(a, b);
    lerp(a, b, 0.3);
    expect(Array.from(a.data)).toEqual(before);
  });

  it('rejects mismatched shapes and bad scalars with typed errors', () => {
    const c = createTensor('float32', [3, 2]);
    expect(() => add(a, c)).toThrow(ShapeMismatchError);
    expect(() => sub(a, c)).toThrow('sub: b must have shape [2, 3], got [3, 2].');
    expect(() => lerp(a, c, 0.5)).toThrow(ShapeMismatchError);
    expect(() => scale(a, Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => lerp(a, b, Number.POSITIVE_INFINITY)).toThrow('lerp: w must be a finite number');
    expect(() => scale(createTensor('int32', [2]) as never, 2)).toThrow('scale: t must be a float32 tensor');
  });
});

describe('clampTensor', () => {
  it('clamps into [min, max] and keeps NaN', () => {
    const t = createTensor('float32', [5], [-3, -1, 0.2, 1, Number.NaN]);
    const c = clampTensor(t, -1, 0.5);
    expect(Array.from(c.data)).toEqual([-1, -1, Math.fround(0.2), 0.5, Number.NaN]);
  });

  it('rejects min > max', () => {
    expect(() => clampTensor(a, 1, 0)).toThrow('clampTensor: max must be a number >= min (1), got 0.');
  });
});

describe('cloneTensor', () => {
  it('copies data and shape of any dtype', () => {
    const t = createTensor('int64', [2], [5, -7]);
    const c = cloneTensor(t);
    expect(c).toEqual(t);
    c.data[0] = 9n;
    expect(t.data[0]).toBe(5n);
    expect(c.shape).not.toBe(t.shape);
  });
});
