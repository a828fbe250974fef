import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import type { AttentionModulationScalars } from './attention-modulation-scalars.js';
import type { AttentionLevelVectors } from './compute-attention-level-vectors.js';

/** The token vectors {@link modulateAttentionScores} reads (any {@link AttentionLevelVectors} fits). */
export type AttentionTokenVectors = Pick<
  AttentionLevelVectors,
  'cond' | 'supRow' | 'enhRow' | 'box' | 'nearestFifth'
>;

/** What {@link modulateAttentionScores} returns. */
export interface ModulatedAttentionScores {
  /** The modulated scores S', same shape `[B, H, S, S]`. */
  readonly scores: Float32Tensor;
  /** Indicator I per batch item: nearest-fifth share of the box's attention to the condition (0 for an empty box). */
  readonly indicator: Float64Array;
  /** Gate gamma per batch item. */
  readonly gate: Float64Array;
}

/** Smallest box sum the indicator divides by; an empty box gives I = 0 instead of 0/0. */
export const INDICATOR_MIN_SUM = 1e-12;

function gateOf(indicator: number, scalars: AttentionModulationScalars): number {
  if (scalars.gate === 'off') return 1;
  if (scalars.gate === 'binary') return indicator > scalars.tau ? 1 : 0;
  return Math.min(1, Math.max(0, (indicator - scalars.tau) / (1 - scalars.tau)));
}

/**
 * Applies SOW's reconstructed modulation (eq. 8) to explicit pre-softmax self-attention scores with plain
 * loops, entry by entry, exactly as the formula reads: per row the max m_i and min n_i of the unmodulated
 * scores; the indicator from the row-normalised scores averaged over heads; then
 * S'_ij = S_ij − s_b·supScale·supRow_i·(1 − c_j)·(S_ij − n_i) + s_b·enhScale·gamma_b·enhRow_i·c_j·(m_i − S_ij).
 * It is the independent reference the patched ONNX graph is tested against, and usable as the modulation
 * inside any JavaScript attention implementation. Arithmetic is float64.
 * @throws ShapeMismatchError when `scores` is not `[B, H, S, S]` or a vector is not length S.
 * @throws InvalidArgumentError when `strengths` does not hold B numbers.
 * @see ../shared/spec/algorithm.md section 5.4 [recon]
 * @example
 * const { scores: modulated, gate } = modulateAttentionScores(scores, vectors, scalars, [1, 1], 1e-6);
 */
export function modulateAttentionScores(
  scores: Float32Tensor,
  vectors: AttentionTokenVectors,
  scalars: AttentionModulationScalars,
  strengths: readonly number[],
  normEpsilon: number,
): ModulatedAttentionScores {
  const fn = 'modulateAttentionScores';
  const [batch, heads, s, s2] = scores.shape as [number, number, number, number];
  if (scores.shape.length !== 4 || s !== s2) {
    throw new ShapeMismatchError(fn, 'scores', '[B, H, S, S]', scores.shape);
  }
  for (const key of ['cond', 'supRow', 'enhRow', 'box', 'nearestFifth'] as const) {
    if (vectors[key].length !== s)
      throw new ShapeMismatchError(fn, `vectors.${key}`, `[${s}]`, [vectors[key].length]);
  }
  if (strengths.length !== batch) {
    throw new InvalidArgumentError(fn, 'strengths', `${batch} numbers (one per batch item)`, strengths);
  }
  const { cond, supRow, enhRow, box, nearestFifth } = vectors;
  const x = scores.data;
  const out = new Float32Array(x.length);
  const rowMax = new Float64Array(batch * heads * s);
  const rowMin = new Float64Array(batch * heads * s);
  for (let row = 0; row < batch * heads * s; row += 1) {
    let m = Number.NEGATIVE_INFINITY;
    let n = Number.POSITIVE_INFINITY;
    for (let j = 0; j < s; j += 1) {
      m = Math.max(m, x[row * s + j]!);
      n = Math.min(n, x[row * s + j]!);
    }
    rowMax[row] = m;
    rowMin[row] = n;
  }
  const indicator = new Float64Array(batch);
  const gate = new Float64Array(batch);
  for (let b = 0; b < batch; b += 1) {
    let sumBox = 0;
    let sumNear = 0;
    for (let i = 0; i < s; i += 1) {
      let a = 0;
      for (let h = 0; h < heads; h += 1) {
        const row = (b * heads + h) * s + i;
        const m = rowMax[row]!;
        const n = rowMin[row]!;
        for (let j = 0; j < s; j += 1) a += (cond[j]! * (x[row * s + j]! - n)) / (m - n + normEpsilon);
      }
      a /= heads;
      sumBox += box[i]! * a;
      sumNear += nearestFifth[i]! * a;
    }
    indicator[b] = sumNear / Math.max(sumBox, INDICATOR_MIN_SUM);
    gate[b] = gateOf(indicator[b]!, scalars);
    const sup = strengths[b]! * scalars.supScale;
    const enh = strengths[b]! * scalars.enhScale * gate[b]!;
    for (let h = 0; h < heads; h += 1) {
      for (let i = 0; i < s; i += 1) {
        const row = (b * heads + h) * s + i;
        const m = rowMax[row]!;
        const n = rowMin[row]!;
        for (let j = 0; j < s; j += 1) {
          const v = x[row * s + j]!;
          out[row * s + j] =
            v - sup * supRow[i]! * (1 - cond[j]!) * (v - n) + enh * enhRow[i]! * cond[j]! * (m - v);
        }
      }
    }
  }
  return { scores: createTensor('float32', scores.shape, out), indicator, gate };
}
