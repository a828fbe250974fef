import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createTensor, type Tensor } from '../tensor/tensor.js';
import { attentionLevelGrids } from './attention-level-grids.js';
import type { AttentionModulationConfig } from './attention-modulation-config.js';
import { attentionModulationScalars } from './attention-modulation-scalars.js';
import { type AttentionRegions, checkAttentionRegions } from './attention-regions.js';
import { computeAttentionLevelVectors } from './compute-attention-level-vectors.js';

/**
 * Names of the graph inputs a UNet patched for attention modulation declares (the contract between
 * `@sow/onnx-graph`'s surgery and the UNet role):
 * - `vectors`: float32 `[5, T]`, rows cond, supRow, enhRow, box, nearestFifth of every level concatenated
 *   level 0 first (T = total tokens of all levels);
 * - `counts`: int64 `[L]`, token count of each level, strictly decreasing; a layer with S tokens reads the
 *   segment of the level whose count is S;
 * - `scalars`: float32 `[4]`: supScale, enhScale, tau, gateSoft (1 soft, 0 binary; the `'off'` gate is
 *   binary with tau −1);
 * - `strength`: float32 `[B]`, per batch item in [0, 1]; 0 leaves the item's scores bit-identical.
 */
export const ATTENTION_MODULATION_INPUTS = Object.freeze({
  vectors: 'sow_attn_vectors',
  counts: 'sow_attn_counts',
  scalars: 'sow_attn_scalars',
  strength: 'sow_attn_strength',
} as const);

/** One modulated UNet call: regions, cycle index and per-batch-item strengths. */
export interface AttentionModulationRequest {
  /** Regions on the latent grid; the mask's size must be the UNet sample's `h × w`. */
  readonly regions: AttentionRegions;
  /** Cycle index k (0-based) for the temporal decay. */
  readonly cycle: number;
  /** Strength per batch item in [0, 1] (see {@link attentionBranchStrengths}). */
  readonly strengths: readonly number[];
}

function checkStrengths(fn: string, strengths: readonly number[]): void {
  strengths.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new InvalidArgumentError(fn, `strengths[${i}]`, 'a number in [0, 1]', v);
    }
  });
}

function countsTensor(rows: number, cols: number): Tensor<'int64'> {
  const grids = attentionLevelGrids(rows, cols);
  return createTensor(
    'int64',
    [grids.length],
    grids.map((g) => g.rows * g.cols),
  );
}

/**
 * Builds the four extra feeds of a patched UNet for one modulated call: the per-level token vectors of
 * every resolution, the level token counts, the cycle's scalars and the strengths. Nothing N×N is built
 * here; the graph forms the coefficient maps as outer products.
 * @throws InvalidArgumentError for bad regions (a box outside the canvas), cycle or strengths.
 * @see ../shared/spec/algorithm.md section 6
 * @example
 * const feeds = attentionModulationFeeds({ regions, cycle: 0, strengths: [1, 1, 1, 1] }, config);
 */
export function attentionModulationFeeds(
  request: AttentionModulationRequest,
  config: AttentionModulationConfig,
): Record<string, Tensor> {
  const fn = 'attentionModulationFeeds';
  const { rows, cols } = checkAttentionRegions(fn, request.regions);
  checkStrengths(fn, request.strengths);
  const levels = attentionLevelGrids(rows, cols).map((g) =>
    computeAttentionLevelVectors(request.regions, g, config),
  );
  const total = levels.reduce((sum, v) => sum + v.cond.length, 0);
  const vectors = new Float32Array(5 * total);
  let offset = 0;
  for (const v of levels) {
    [v.cond, v.supRow, v.enhRow, v.box, v.nearestFifth].forEach((row, k) => {
      vectors.set(row, k * total + offset);
    });
    offset += v.cond.length;
  }
  const s = attentionModulationScalars(request.cycle, config);
  const tau = s.gate === 'off' ? -1 : s.tau;
  const names = ATTENTION_MODULATION_INPUTS;
  return {
    [names.vectors]: createTensor('float32', [5, total], vectors),
    [names.counts]: countsTensor(rows, cols),
    [names.scalars]: createTensor('float32', [4], [s.supScale, s.enhScale, tau, s.gate === 'soft' ? 1 : 0]),
    [names.strength]: createTensor('float32', [request.strengths.length], request.strengths),
  };
}

/**
 * Builds the extra feeds of a patched UNet for a call without modulation (inversion, final stage): zero
 * strengths, so the output is bit-identical to the unpatched model's, and zero vectors of the right sizes.
 * @throws InvalidArgumentError when a size is not a positive integer.
 * @example
 * const feeds = attentionModulationOffFeeds(64, 64, 2);
 */
export function attentionModulationOffFeeds(
  latentRows: number,
  latentCols: number,
  batch: number,
): Record<string, Tensor> {
  if (!Number.isInteger(batch) || batch < 1) {
    throw new InvalidArgumentError('attentionModulationOffFeeds', 'batch', 'a positive integer', batch);
  }
  const counts = countsTensor(latentRows, latentCols);
  const total = counts.data.reduce((sum, v) => sum + Number(v), 0);
  const names = ATTENTION_MODULATION_INPUTS;
  return {
    [names.vectors]: createTensor('float32', [5, total]),
    [names.counts]: counts,
    [names.scalars]: createTensor('float32', [4], [0, 0, 0, 1]),
    [names.strength]: createTensor('float32', [batch]),
  };
}

/**
 * Per-batch-item strengths for a call whose items are guidance branches: 1 for every branch with
 * `branches: 'all'`, 1 only for the items flagged as the user-prompt branch with `branches: 'text'`.
 * @example
 * attentionBranchStrengths([false, true, false, false], config); // [1, 1, 1, 1] by default
 */
export function attentionBranchStrengths(
  isTextBranch: readonly boolean[],
  config: AttentionModulationConfig,
): number[] {
  return isTextBranch.map((text) => (config.branches === 'all' || text ? 1 : 0));
}
