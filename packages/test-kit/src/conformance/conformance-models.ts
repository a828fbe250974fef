import type { DType, TensorInfo } from '@sow/core';
import { buildModel, buildModelWithExternalData, type Dim, GraphBuilder } from '@sow/onnx-graph';

/** One graph input of {@link identityModel}: name, element type and declared shape. */
const IDENTITY_IO: readonly { name: string; dtype: DType; shape: readonly Dim[] }[] = [
  { name: 'f32', dtype: 'float32', shape: ['batch', 3] },
  { name: 'f16', dtype: 'float16', shape: [2, 'width'] },
  { name: 'i32', dtype: 'int32', shape: [4] },
  { name: 'i64', dtype: 'int64', shape: ['n'] },
  { name: 'u8', dtype: 'uint8', shape: [] },
  { name: 'b', dtype: 'bool', shape: [2, 2] },
];

/** The inputs {@link identityModel} declares, as a backend should report them. */
export const IDENTITY_INPUTS: readonly TensorInfo[] = IDENTITY_IO.map((io) => ({
  ...io,
  shape: [...io.shape],
}));

/** The outputs {@link identityModel} declares: each input's name with `_out`, same type and shape. */
export const IDENTITY_OUTPUTS: readonly TensorInfo[] = IDENTITY_IO.map((io) => ({
  ...io,
  name: `${io.name}_out`,
  shape: [...io.shape],
}));

/**
 * A model that copies six inputs, one per core dtype, to outputs `<name>_out` through `Identity` nodes.
 * Its shapes mix symbolic, fixed and scalar dimensions, so it also tests metadata.
 */
export function identityModel(): Uint8Array {
  const g = new GraphBuilder('conformance_identity');
  for (const io of IDENTITY_IO) {
    g.output(g.input(io.name, io.dtype, io.shape), io.dtype, io.shape, `${io.name}_out`);
  }
  return buildModel(g, { opset: 17 });
}

/**
 * A model of element-type conversions: for a float32 vector `x` (`[n]`), `half` = Cast(x, float16),
 * `back` = Cast(half, float32) and `truth` = Cast(x, bool); for an int64 vector `k` (`[m]`),
 * `k32` = Cast(k, int32); for a uint8 vector `u` (`[m]`), `u8f` = Cast(u, float32).
 */
export function castModel(): Uint8Array {
  const g = new GraphBuilder('conformance_cast');
  const x = g.input('x', 'float32', ['n']);
  const k = g.input('k', 'int64', ['m']);
  const u = g.input('u', 'uint8', ['m']);
  const half = g.cast(x, 'float16');
  g.output(half, 'float16', ['n'], 'half');
  g.output(g.cast(half, 'float32'), 'float32', ['n'], 'back');
  g.output(g.cast(x, 'bool'), 'bool', ['n'], 'truth');
  g.output(g.cast(k, 'int32'), 'int32', ['m'], 'k32');
  g.output(g.cast(u, 'float32'), 'float32', ['m'], 'u8f');
  return buildModel(g, { opset: 17 });
}

/** Weights `W` (4×3, row-major) of {@link affineModel}: `W[i][j] = (i - j) / 4 + 0.5`. */
export const AFFINE_WEIGHTS: Float32Array = Float32Array.from({ length: 12 }, (_, k) => {
  const i = Math.floor(k / 3);
  const j = k % 3;
  return (i - j) / 4 + 0.5;
});

/** Bias `b` (3) of {@link affineModel}. */
export const AFFINE_BIAS: Float32Array = Float32Array.from([0.25, -1, 2]);

/** The closed form of {@link affineModel}: `y = x·W + b` for `x` of shape `[batch, 4]`, in float64. */
export function affineReference(x: Float32Array): number[] {
  const batch = x.length / 4;
  const y: number[] = [];
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < 3; j++) {
      let s = AFFINE_BIAS[j]!;
      for (let i = 0; i < 4; i++) s += x[r * 4 + i]! * AFFINE_WEIGHTS[i * 3 + j]!;
      y.push(s);
    }
  }
  return y;
}

/** The graph of {@link affineModel}: `y = MatMul(x, W) + b`, `x` float32 `[batch, 4]`, `y` `[batch, 3]`. */
function affineGraph(): GraphBuilder {
  const g = new GraphBuilder('conformance_affine');
  const x = g.input('x', 'float32', ['batch', 4]);
  const w = g.initializer('W', 'float32', [4, 3], AFFINE_WEIGHTS);
  const b = g.initializer('b', 'float32', [3], AFFINE_BIAS);
  g.output(
    g.scope('linear', () => g.add(g.matMul(x, w), b)),
    'float32',
    ['batch', 3],
    'y',
  );
  return g;
}

/** A `MatMul` + `Add` model with known weights ({@link AFFINE_WEIGHTS}, {@link AFFINE_BIAS}), weights inline. */
export function affineModel(): Uint8Array {
  return buildModel(affineGraph(), { opset: 17 });
}

/**
 * {@link affineModel} with every weight in an external data file named `location` (e.g. `weights.pb` as
 * diffusers' exporter writes, `model.onnx_data` as Optimum does). Returns the model and the file's bytes.
 */
export function affineModelWithExternalData(location: string): { model: Uint8Array; data: Uint8Array } {
  return buildModelWithExternalData(affineGraph(), { location, minBytes: 0 }, { opset: 17 });
}
