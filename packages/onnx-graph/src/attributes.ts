import { AttributeType } from './constants.js';
import type { OnnxAttribute, OnnxTensor } from './types.js';

/** Forces a float attribute whose value happens to be an integer (e.g. `alpha: { float: 1 }`). */
export interface FloatAttribute {
  /** The value. */
  readonly float: number;
}

/** Forces a float-list attribute whose values happen to be integers. */
export interface FloatsAttribute {
  /** The values. */
  readonly floats: readonly number[];
}

/**
 * An attribute value as the builder takes it: integers become INT, other numbers FLOAT, number arrays INTS
 * (or FLOATS when any value is fractional), strings STRING, string arrays STRINGS, tensors TENSOR; wrap
 * integral floats in {@link FloatAttribute} / {@link FloatsAttribute}.
 */
export type AttributeInput =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | OnnxTensor
  | FloatAttribute
  | FloatsAttribute;

const utf8 = new TextEncoder();

/**
 * Converts a builder attribute value into an {@link OnnxAttribute}; see {@link AttributeInput} for the rules.
 * @example
 * const axis = toOnnxAttribute('axis', -1); // { name: 'axis', type: INT, i: -1 }
 */
export function toOnnxAttribute(name: string, value: AttributeInput): OnnxAttribute {
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { name, type: AttributeType.Int, i: value }
      : { name, type: AttributeType.Float, f: value };
  }
  if (typeof value === 'string') return { name, type: AttributeType.String, s: utf8.encode(value) };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      return { name, type: AttributeType.Strings, strings: value.map((v: string) => utf8.encode(v)) };
    }
    const numbers = value as readonly number[];
    return numbers.every((v) => Number.isInteger(v))
      ? { name, type: AttributeType.Ints, ints: [...numbers] }
      : { name, type: AttributeType.Floats, floats: [...numbers] };
  }
  if ('float' in value) return { name, type: AttributeType.Float, f: (value as FloatAttribute).float };
  if ('floats' in value && !('dataType' in value)) {
    return { name, type: AttributeType.Floats, floats: [...(value as FloatsAttribute).floats] };
  }
  return { name, type: AttributeType.Tensor, t: value as OnnxTensor };
}

/**
 * Reads a node attribute back as a plain value (number, number list, string, string list or tensor), or
 * `undefined` when the node has no attribute of that name. Use it in graph surgery (e.g. a Softmax `axis`).
 * @example
 * const axis = getAttribute(softmaxNode, 'axis') ?? -1;
 */
export function getAttribute(
  node: { attribute?: OnnxAttribute[] },
  name: string,
): number | number[] | string | string[] | OnnxTensor | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  if (a === undefined) return undefined;
  const text = new TextDecoder();
  switch (a.type) {
    case AttributeType.Float:
      return a.f ?? 0;
    case AttributeType.Int:
      return a.i ?? 0;
    case AttributeType.String:
      return text.decode(a.s ?? new Uint8Array());
    case AttributeType.Floats:
      return a.floats ?? [];
    case AttributeType.Ints:
      return a.ints ?? [];
    case AttributeType.Strings:
      return (a.strings ?? []).map((s) => text.decode(s));
    case AttributeType.Tensor:
      return a.t;
    default:
      return undefined;
  }
}
