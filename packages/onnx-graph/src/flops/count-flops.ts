import { getAttribute } from '../attributes.js';
import type { OnnxModel } from '../types.js';
import { type InferredValue, inferShapes, size } from './infer-shapes.js';

/** Floating-point work of one model call, from {@link countFlops}. */
export interface FlopCount {
  /** Exact work of the dense operators (Conv, ConvTranspose, MatMul, Gemm): 2 FLOPs per multiply-add. */
  readonly dense: number;
  /** Approximate work of everything else (elementwise, normalization, softmax); see {@link countFlops}. */
  readonly other: number;
  /** dense + other. */
  readonly total: number;
  /** FLOPs per operator type (dense exact, others approximate). */
  readonly byOp: Readonly<Record<string, number>>;
}

/** Approximate FLOPs per output element of the non-dense operators counted (others count 0). */
const PER_ELEMENT: Readonly<Record<string, number>> = {
  Add: 1,
  Sub: 1,
  Mul: 1,
  Div: 1,
  Pow: 1,
  Sqrt: 1,
  Max: 1,
  Min: 1,
  Neg: 1,
  Reciprocal: 1,
  Relu: 1,
  Sigmoid: 1,
  Tanh: 1,
  Erf: 1,
  Exp: 1,
  Log: 1,
  Sin: 1,
  Cos: 1,
  Gelu: 1,
  Softmax: 3,
  LayerNormalization: 5,
  InstanceNormalization: 5,
  GroupNormalization: 5,
  BatchNormalization: 2,
};

/**
 * Counts the floating-point work of one call of a model's main graph at concrete input shapes, to put a
 * measured time per call in GFLOP/s. Exact for the dense operators, 2 FLOPs per multiply-add (bias adds
 * not counted): MatMul `2·|out|·K` (this covers attention's Q·Kᵀ and scores·V MatMuls), Gemm `2·M·N·K`,
 * Conv `2·|out|·(C_in/group)·∏kernel`, ConvTranspose `2·|in|·(C_out/group)·∏kernel`. Everything else is a
 * documented approximation per output element: 1 for elementwise arithmetic and activations (a
 * transcendental counts as one), 3 for Softmax (exp, sum, divide), 5 for Layer/Instance/GroupNormalization
 * (mean, variance, normalize, scale, shift), 2 for BatchNormalization; data movement (Reshape, Transpose,
 * Concat, Slice, Gather, Resize, Cast, ...) and shape arithmetic count 0. Shapes come from
 * {@link inferShapes}. Dividing by 2 gives MACs for the dense part, the unit many papers quote.
 * @example
 * const { dense, total } = countFlops(decodeModel(bytes), { sample: [4, 4, 64, 64], timestep: [], encoder_hidden_states: [4, 77, 1024] });
 * console.log(`${(total / 1e9).toFixed(0)} GFLOP per call`);
 */
export function countFlops(
  model: OnnxModel,
  inputShapes: Readonly<Record<string, readonly number[]>>,
): FlopCount {
  const values = inferShapes(model, inputShapes);
  const shape = (name: string | undefined) =>
    (values.get(name ?? '') as InferredValue | undefined)?.shape ?? [];
  const byOp: Record<string, number> = {};
  let dense = 0;
  let other = 0;
  for (const node of model.graph?.node ?? []) {
    const op = node.opType ?? '';
    const [x, w] = [shape(node.input?.[0]), shape(node.input?.[1])];
    const out = shape(node.output?.[0]);
    let flops = 0;
    let isDense = true;
    if (op === 'MatMul') flops = 2 * size(out) * (x.at(-1) ?? 1);
    else if (op === 'Gemm')
      flops = 2 * size(out) * (getAttribute(node, 'transA') === 1 ? (x[0] ?? 1) : (x[1] ?? 1));
    else if (op === 'Conv') flops = 2 * size(out) * size(w.slice(1));
    else if (op === 'ConvTranspose') flops = 2 * size(x) * size(w.slice(1));
    else {
      isDense = false;
      flops = (PER_ELEMENT[op] ?? 0) * size(out);
    }
    if (flops === 0) continue;
    if (isDense) dense += flops;
    else other += flops;
    byOp[op] = (byOp[op] ?? 0) + flops;
  }
  return { dense, other, total: dense + other, byOp };
}
