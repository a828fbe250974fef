import type { AttentionLevelGrid } from './attention-level-grids.js';
import type { AttentionModulationConfig } from './attention-modulation-config.js';
import { type AttentionRegions, checkAttentionRegions } from './attention-regions.js';

/**
 * The per-token vectors of one resolution level that the modulated self-attention consumes; every N×N
 * coefficient map is an outer product of these, built where the scores are. Token i is row-major
 * (`row * cols + col`), as the UNet flattens its feature maps.
 * @see ../shared/spec/algorithm.md sections 5.4 and 6
 */
export interface AttentionLevelVectors {
  /** The grid these vectors are for. */
  readonly grid: AttentionLevelGrid;
  /** c: 1 for condition tokens (keys and queries), else 0. */
  readonly cond: Float32Array;
  /** Suppression row weight: c_i · exp(−betaSup · dC_i) · size, dC the distance normalised over condition tokens. */
  readonly supRow: Float32Array;
  /** Enhancement row weight: r_i · exp(−betaEnh · d_i) · size, r the guiding box outside the condition. */
  readonly enhRow: Float32Array;
  /** 1 for the tokens the indicator averages over (guiding box, or its part outside the condition). */
  readonly box: Float32Array;
  /** 1 for the ceil(n/5) indicator tokens nearest the condition centre (ties by token index). */
  readonly nearestFifth: Float32Array;
}

/** Min-max normalises `dist` over the tokens where `on` is set; 0 when they all share one distance. */
function normalisedDistance(dist: Float64Array, on: Uint8Array): Float64Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < dist.length; i += 1) {
    if (on[i] === 1) {
      lo = Math.min(lo, dist[i]!);
      hi = Math.max(hi, dist[i]!);
    }
  }
  const out = new Float64Array(dist.length);
  if (hi > lo) for (let i = 0; i < dist.length; i += 1) out[i] = (dist[i]! - lo) / (hi - lo);
  return out;
}

/**
 * Computes the vectors of one UNet resolution level from the full-resolution regions: masks are sampled
 * nearest at each token's top-left latent cell `(row·factor, col·factor)`, distances run from each token's
 * centre to the centre of the condition box, in latent cells. Use it to feed a patched UNet (through
 * {@link attentionModulationFeeds}) or a custom attention processor.
 * @throws InvalidArgumentError for a malformed mask or a box outside the canvas.
 * @see ../shared/spec/algorithm.md section 5.4 [recon]
 * @example
 * const grid = attentionLevelGrids(64, 64)[1]!; // 32×32 tokens
 * const v = computeAttentionLevelVectors(regions, grid, resolveAttentionModulationConfig());
 */
export function computeAttentionLevelVectors(
  regions: AttentionRegions,
  grid: AttentionLevelGrid,
  config: AttentionModulationConfig,
): AttentionLevelVectors {
  const { cols: latentCols } = checkAttentionRegions('computeAttentionLevelVectors', regions);
  const { rows, cols, factor } = grid;
  const n = rows * cols;
  const mask = regions.conditionMask.data;
  const { conditionBox: cb, relatedBox: rb } = regions;
  const cx = cb.x + cb.width / 2;
  const cy = cb.y + cb.height / 2;
  const c = new Uint8Array(n);
  const b = new Uint8Array(n);
  const r = new Uint8Array(n);
  const dist = new Float64Array(n);
  for (let row = 0; row < rows; row += 1) {
    for (let col = 0; col < cols; col += 1) {
      const i = row * cols + col;
      const ly = row * factor;
      const lx = col * factor;
      c[i] = Number(mask[ly * latentCols + lx]) > 0.5 ? 1 : 0;
      b[i] = lx >= rb.x && lx < rb.x + rb.width && ly >= rb.y && ly < rb.y + rb.height ? 1 : 0;
      r[i] = b[i]! * (1 - c[i]!);
      dist[i] = Math.hypot((col + 0.5) * factor - cx, (row + 0.5) * factor - cy);
    }
  }
  let condCount = 0;
  for (let i = 0; i < n; i += 1) condCount += c[i]!;
  const size = config.sizeTerm ? 1 - condCount / n : 1;
  const dRel = normalisedDistance(dist, r);
  const dCond = normalisedDistance(dist, c);
  const indicator = config.indicatorTokens === 'box' ? b : r;
  const cond = new Float32Array(n);
  const supRow = new Float32Array(n);
  const enhRow = new Float32Array(n);
  const box = new Float32Array(n);
  const members: number[] = [];
  for (let i = 0; i < n; i += 1) {
    cond[i] = c[i]!;
    supRow[i] = c[i]! * Math.exp(-config.betaSup * dCond[i]!) * size;
    enhRow[i] = r[i]! * Math.exp(-config.betaEnh * dRel[i]!) * size;
    box[i] = indicator[i]!;
    if (indicator[i] === 1) members.push(i);
  }
  members.sort((p, q) => dist[p]! - dist[q]! || p - q);
  const nearestFifth = new Float32Array(n);
  for (const i of members.slice(0, Math.ceil(members.length / 5))) nearestFifth[i] = 1;
  return { grid, cond, supRow, enhRow, box, nearestFifth };
}
