import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { DType, Float32Tensor, Tensor } from './tensor.js';
import { sizeOf } from './tensor.js';

/** Throws unless `t` is a well-formed float32 tensor (dtype, Float32Array data, data length = product of shape). */
export function checkFloat32(fn: string, argument: string, t: Tensor): asserts t is Float32Tensor {
  if (t === null || typeof t !== 'object' || t.dtype !== 'float32' || !(t.data instanceof Float32Array)) {
    throw new InvalidArgumentError(fn, argument, 'a float32 tensor', t === null ? t : t?.dtype);
  }
  checkData(fn, argument, t);
}

/** Throws unless `t` has a typed array whose length is the product of its shape. */
export function checkData(fn: string, argument: string, t: Tensor): void {
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || !ArrayBuffer.isView(t.data)) {
    throw new InvalidArgumentError(fn, argument, 'a tensor ({ dtype, shape, data })', t);
  }
  if (t.data.length !== sizeOf(t.shape)) {
    throw new InvalidArgumentError(
      fn,
      `${argument}.data.length`,
      `${sizeOf(t.shape)} (the product of shape [${t.shape.join(', ')}])`,
      t.data.length,
    );
  }
}

/** Throws a {@link ShapeMismatchError} unless `b` has exactly the shape of `a`. */
export function checkSameShape(fn: string, argument: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new ShapeMismatchError(fn, argument, `[${a.shape.join(', ')}]`, b.shape);
  }
}

/**
 * Throws unless every named tensor is a well-formed float32 tensor (see {@link checkFloat32}) with the
 * shape of the first one; a differing shape is a {@link ShapeMismatchError} naming the first tensor that
 * differs and the one it was compared with.
 */
export function checkSameShapes(fn: string, tensors: Readonly<Record<string, Tensor>>): void {
  let reference: { readonly name: string; readonly shape: readonly number[] } | undefined;
  for (const [name, t] of Object.entries(tensors)) {
    checkFloat32(fn, name, t);
    if (reference === undefined) {
      reference = { name, shape: t.shape };
    } else if (!sameShape(reference.shape, t.shape)) {
      throw new ShapeMismatchError(
        fn,
        name,
        `[${reference.shape.join(', ')}] (the shape of ${reference.name})`,
        t.shape,
      );
    }
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws a {@link ShapeMismatchError} unless `t` has at least `rank` dimensions. */
export function checkMinRank(fn: string, argument: string, t: Tensor, rank: number): void {
  if (t.shape.length < rank) {
    throw new ShapeMismatchError(fn, argument, `of rank ${rank} or more`, t.shape);
  }
}

/** Throws unless `value` is a finite number. */
export function checkFinite(fn: string, argument: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(fn, argument, 'a finite number', value);
  }
}

/** Throws unless `value` is an integer of at least `min`. */
export function checkInteger(fn: string, argument: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(fn, argument, `an integer >= ${min}`, value);
  }
}

/** Allocates a typed array of the same kind as `data` with `length` elements. */
export function allocLike<D extends DType>(t: Tensor<D>, length: number): Tensor<D>['data'] {
  const Ctor = t.data.constructor as new (n: number) => Tensor<D>['data'];
  return new Ctor(length);
}
