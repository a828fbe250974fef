import { InvalidArgumentError, UnsupportedModelError } from '@sow/core';
import { getAttribute } from '../attributes.js';
import { readTensorData } from '../tensor-data.js';
import type { OnnxModel, OnnxNode, OnnxTensor } from '../types.js';

/** A value's shape, and its elements when small and known before running (shape arithmetic, constants). */
export interface InferredValue {
  /** Dimensions. */
  readonly shape: readonly number[];
  /** The elements (int64 as numbers), when the value is a constant or computed from shapes; up to 64. */
  readonly value?: readonly number[];
}

const MAX_KNOWN = 64;
/** Number of elements of a shape. */
export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Numpy-style broadcast of shapes. */
function broadcast(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => Math.max(...shapes.map((s) => s[s.length - rank + i] ?? 1)));
}

function tensorValue(t: OnnxTensor): InferredValue {
  const shape = (t.dims ?? []).map(Number);
  if (size(shape) > MAX_KNOWN || t.dataLocation === 1) return { shape };
  try {
    return { shape, value: Array.from(readTensorData(t) as ArrayLike<number | bigint>, Number) };
  } catch {
    return { shape };
  }
}

/** A shape with its elements, when known. */
const withValue = (shape: readonly number[], value: readonly number[] | undefined): InferredValue =>
  value === undefined ? { shape } : { shape, value };

/** Normalizes a possibly negative axis of a rank-`rank` tensor. */
const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** Element-wise arithmetic on known values (same size, or one of them a single element). */
function arithmetic(op: string, a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  if (a.length !== n && a.length !== 1) return undefined;
  if (b.length !== n && b.length !== 1) return undefined;
  const ints = [...a, ...b].every(Number.isInteger);
  const f: Record<string, (x: number, y: number) => number> = {
    Add: (x, y) => x + y,
    Sub: (x, y) => x - y,
    Mul: (x, y) => x * y,
    Div: (x, y) => (ints ? Math.trunc(x / y) : x / y),
  };
  const g = f[op];
  if (g === undefined) return undefined;
  return Array.from({ length: n }, (_, i) =>
    g(a[a.length === 1 ? 0 : i] as number, b[b.length === 1 ? 0 : i] as number),
  );
}

/** Output size of a convolution along one spatial axis. */
function convOut(input: number, kernel: number, stride: number, dilation: number, padSum: number): number {
  return Math.floor((input + padSum - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Conv and ConvTranspose output shapes (explicit pads or auto_pad SAME_*). */
function convShape(node: OnnxNode, x: readonly number[], w: readonly number[], transpose: boolean): number[] {
  const spatial = x.length - 2;
  const ints = (name: string, fill: number) =>
    (getAttribute(node, name) as number[] | undefined) ?? new Array<number>(spatial).fill(fill);
  const kernel = (getAttribute(node, 'kernel_shape') as number[] | undefined) ?? w.slice(2);
  const strides = ints('strides', 1);
  const dilations = ints('dilations', 1);
  const pads = (getAttribute(node, 'pads') as number[] | undefined) ?? new Array<number>(2 * spatial).fill(0);
  const autoPad = (getAttribute(node, 'auto_pad') as string | undefined) ?? 'NOTSET';
  const group = (getAttribute(node, 'group') as number | undefined) ?? 1;
  const out: number[] = [x[0] as number, transpose ? (w[1] as number) * group : (w[0] as number)];
  for (let i = 0; i < spatial; i++) {
    const n = x[2 + i] as number;
    const k = kernel[i] as number;
    const s = strides[i] as number;
    const d = dilations[i] as number;
    if (transpose) {
      const explicit = getAttribute(node, 'output_shape') as number[] | undefined;
      const extra = (getAttribute(node, 'output_padding') as number[] | undefined)?.[i] ?? 0;
      const padSum = (pads[i] as number) + (pads[i + spatial] as number);
      out.push(
        explicit?.[i] ??
          (autoPad.startsWith('SAME') ? n * s : s * (n - 1) + extra + (k - 1) * d + 1 - padSum),
      );
    } else if (autoPad.startsWith('SAME')) out.push(Math.ceil(n / s));
    else if (autoPad === 'VALID') out.push(convOut(n, k, s, d, 0));
    else out.push(convOut(n, k, s, d, (pads[i] as number) + (pads[i + spatial] as number)));
  }
  return out;
}

/** Slice's output along each sliced axis, per the ONNX clamping rules. */
function sliceDim(dim: number, start: number, end: number, step: number): [number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const s = start < 0 ? start + dim : start;
  const e = end < 0 ? end + dim : end;
  const [from, to] =
    step > 0 ? [clamp(s, 0, dim), clamp(e, 0, dim)] : [clamp(s, 0, dim - 1), clamp(e, -1, dim - 1)];
  return [from, Math.max(0, Math.ceil((to - from) / step))];
}

const SAME_SHAPE = new Set([
  'Identity',
  'Cast',
  'Sigmoid',
  'Erf',
  'Cos',
  'Sin',
  'Sqrt',
  'Exp',
  'Log',
  'Relu',
  'Tanh',
  'Neg',
  'Abs',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Not',
  'Clip',
  'Softmax',
  'LogSoftmax',
  'LayerNormalization',
  'InstanceNormalization',
  'GroupNormalization',
  'BatchNormalization',
  'Dropout',
  'Gelu',
  'HardSigmoid',
  'LeakyRelu',
  'Elu',
  'Softplus',
  'Mish',
  'IsNaN',
  'CastLike',
]);
const BROADCAST = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Equal',
  'Less',
  'Greater',
  'LessOrEqual',
  'GreaterOrEqual',
  'And',
  'Or',
  'Max',
  'Min',
  'Mod',
  'Where',
  'Sum',
  'Mean',
]);

/** Output values of one node from its inputs' shapes (and known values). */
function inferNode(node: OnnxNode, ins: (InferredValue | undefined)[]): InferredValue[] {
  const op = node.opType ?? '';
  const x = ins[0];
  const shapeOf = (i: number) => ins[i]?.shape ?? [];
  const known = (i: number) => ins[i]?.value;
  const attr = (name: string) => getAttribute(node, name);
  if (op === 'Constant') {
    const t = attr('value');
    if (t !== undefined && typeof t === 'object' && !Array.isArray(t)) return [tensorValue(t)];
    const scalar = (attr('value_float') ?? attr('value_int')) as number | undefined;
    if (scalar !== undefined) return [{ shape: [], value: [scalar] }];
    const list = (attr('value_floats') ?? attr('value_ints')) as number[] | undefined;
    if (list !== undefined) return [{ shape: [list.length], value: list }];
  }
  if (SAME_SHAPE.has(op) && x !== undefined) {
    return [op === 'Identity' || op === 'Cast' ? x : { shape: x.shape }];
  }
  if (BROADCAST.has(op)) {
    const shape = broadcast(ins.filter((v) => v !== undefined).map((v) => v.shape));
    const a = known(0);
    const b = known(1);
    const value = a !== undefined && b !== undefined && ins.length === 2 ? arithmetic(op, a, b) : undefined;
    return [value === undefined ? { shape } : { shape, value }];
  }
  const rank = shapeOf(0).length;
  switch (op) {
    case 'Shape': {
      const start = axisOf((attr('start') as number | undefined) ?? 0, rank);
      const end = axisOf((attr('end') as number | undefined) ?? rank, rank);
      const value = shapeOf(0).slice(start, end);
      return [{ shape: [value.length], value }];
    }
    case 'Gather': {
      const axis = axisOf((attr('axis') as number | undefined) ?? 0, rank);
      const s = shapeOf(0);
      const shape = [...s.slice(0, axis), ...shapeOf(1), ...s.slice(axis + 1)];
      const data = known(0);
      const idx = known(1);
      if (data !== undefined && idx !== undefined && rank === 1) {
        return [{ shape, value: idx.map((i) => data[i < 0 ? i + data.length : i] as number) }];
      }
      return [{ shape }];
    }
    case 'Unsqueeze': {
      const axes = known(1) ?? (attr('axes') as number[]);
      const out = [...shapeOf(0)];
      const outRank = out.length + axes.length;
      for (const a of axes.map((a) => axisOf(a, outRank)).sort((p, q) => p - q)) out.splice(a, 0, 1);
      return [withValue(out, known(0))];
    }
    case 'Squeeze': {
      const axes = (known(1) ?? (attr('axes') as number[] | undefined))?.map((a) => axisOf(a, rank));
      const shape = shapeOf(0).filter((d, i) => (axes === undefined ? d !== 1 : !axes.includes(i)));
      return [withValue(shape, known(0))];
    }
    case 'Concat': {
      const axis = axisOf(attr('axis') as number, rank);
      const shape = [...shapeOf(0)];
      shape[axis] = ins.reduce((sum, v) => sum + (v?.shape[axis] ?? 0), 0);
      const values = ins.map((v) => v?.value);
      if (values.every((v) => v !== undefined) && rank === 1) return [{ shape, value: values.flat() }];
      return [{ shape }];
    }
    case 'Slice': {
      const starts = known(1) ?? [];
      const ends = known(2) ?? [];
      const axes = (known(3) ?? starts.map((_, i) => i)).map((a) => axisOf(a, rank));
      const steps = known(4) ?? starts.map(() => 1);
      const shape = [...shapeOf(0)];
      let value = known(0);
      axes.forEach((a, i) => {
        const [from, count] = sliceDim(
          shape[a] as number,
          starts[i] as number,
          ends[i] as number,
          steps[i] as number,
        );
        shape[a] = count;
        if (value !== undefined && rank === 1) {
          const v = value;
          value = Array.from({ length: count }, (_, k) => v[from + k * (steps[i] as number)] as number);
        }
      });
      return [value === undefined || rank !== 1 ? { shape } : { shape, value }];
    }
    case 'Reshape': {
      const target = known(1) ?? [];
      const s = shapeOf(0);
      const out = target.map((d, i) => (d === 0 ? (s[i] as number) : d));
      const fixed = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
      const shape = out.map((d) => (d === -1 ? size(s) / fixed : d));
      return [withValue(shape, known(0))];
    }
    case 'Flatten': {
      const axis = axisOf((attr('axis') as number | undefined) ?? 1, rank);
      const s = shapeOf(0);
      return [{ shape: [size(s.slice(0, axis)), size(s.slice(axis))] }];
    }
    case 'Transpose': {
      const s = shapeOf(0);
      const perm = (attr('perm') as number[] | undefined) ?? s.map((_, i) => rank - 1 - i);
      return [{ shape: perm.map((p) => s[p] as number) }];
    }
    case 'Expand':
      return [{ shape: broadcast([shapeOf(0), known(1) ?? []]) }];
    case 'Split': {
      const axis = axisOf((attr('axis') as number | undefined) ?? 0, rank);
      const outputs = node.output?.length ?? 1;
      const dim = shapeOf(0)[axis] as number;
      const parts =
        known(1) ??
        (attr('split') as number[] | undefined) ??
        new Array<number>(outputs).fill(Math.ceil(dim / outputs));
      return parts.map((p, i) => {
        const shape = [...shapeOf(0)];
        shape[axis] = i === outputs - 1 ? dim - parts.slice(0, -1).reduce((a, b) => a + b, 0) : p;
        return { shape };
      });
    }
    case 'MatMul': {
      const a = shapeOf(0).length === 1 ? [1, shapeOf(0)[0] as number] : shapeOf(0);
      const b = shapeOf(1).length === 1 ? [shapeOf(1)[0] as number, 1] : shapeOf(1);
      const shape = [...broadcast([a.slice(0, -2), b.slice(0, -2)]), a.at(-2) as number, b.at(-1) as number];
      if (shapeOf(1).length === 1) shape.pop();
      if (shapeOf(0).length === 1) shape.splice(-2, 1);
      return [{ shape }];
    }
    case 'Gemm': {
      const a = shapeOf(0);
      const b = shapeOf(1);
      const m = attr('transA') === 1 ? a[1] : a[0];
      const n = attr('transB') === 1 ? b[0] : b[1];
      return [{ shape: [m as number, n as number] }];
    }
    case 'Conv':
    case 'ConvTranspose':
      return [{ shape: convShape(node, shapeOf(0), shapeOf(1), op === 'ConvTranspose') }];
    case 'Resize': {
      const sizes = known(3);
      const scales = known(2);
      if (sizes !== undefined && sizes.length > 0) return [{ shape: sizes }];
      return [{ shape: shapeOf(0).map((d, i) => Math.floor(d * (scales?.[i] ?? 1))) }];
    }
    case 'ConstantOfShape':
      return [{ shape: known(0) ?? [] }];
    case 'Range': {
      const [start, limit, delta] = [known(0)?.[0], known(1)?.[0], known(2)?.[0]] as number[];
      return [
        { shape: [Math.max(0, Math.ceil(((limit as number) - (start as number)) / (delta as number)))] },
      ];
    }
    case 'ReduceMean':
    case 'ReduceSum':
    case 'ReduceMax':
    case 'ReduceMin': {
      const keep = (attr('keepdims') as number | undefined) ?? 1;
      const axes = (known(1) ?? (attr('axes') as number[] | undefined) ?? shapeOf(0).map((_, i) => i)).map(
        (a) => axisOf(a, rank),
      );
      const shape = shapeOf(0).flatMap((d, i) => (axes.includes(i) ? (keep === 1 ? [1] : []) : [d]));
      return [{ shape }];
    }
  }
  throw new UnsupportedModelError(
    'inferShapes',
    `operator ${op} (node '${node.name ?? ''}') has no shape rule.`,
  );
}

/**
 * Infers the shape of every value of a model's main graph for concrete input shapes, propagating the
 * elements of small constants and of shape arithmetic (Shape, Gather, Concat, Slice, ...) so that Reshape,
 * Expand and Resize targets are known. Covers the operators of Stable Diffusion's UNet, VAE and text
 * encoder exports; subgraphs (If, Loop) are not entered.
 * @throws InvalidArgumentError when an input's shape is missing; UnsupportedModelError for an operator
 * without a shape rule.
 * @example
 * const shapes = inferShapes(model, { sample: [2, 4, 64, 64], timestep: [], encoder_hidden_states: [2, 77, 1024] });
 */
export function inferShapes(
  model: OnnxModel,
  inputShapes: Readonly<Record<string, readonly number[]>>,
): Map<string, InferredValue> {
  const graph = model.graph ?? {};
  const values = new Map<string, InferredValue>();
  for (const t of graph.initializer ?? []) values.set(t.name ?? '', tensorValue(t));
  for (const input of graph.input ?? []) {
    const name = input.name ?? '';
    if (values.has(name)) continue;
    const shape = inputShapes[name];
    if (shape === undefined) {
      throw new InvalidArgumentError(
        'inferShapes',
        `inputShapes.${name}`,
        'the shape of graph input ' + name,
        shape,
      );
    }
    values.set(name, { shape: [...shape] });
  }
  for (const node of graph.node ?? []) {
    const ins = (node.input ?? []).map((n) => (n === '' ? undefined : values.get(n)));
    const outs = inferNode(node, ins);
    (node.output ?? []).forEach((name, i) => {
      const out = outs[i] ?? outs[0];
      if (name !== '' && out !== undefined) values.set(name, out);
    });
  }
  return values;
}
