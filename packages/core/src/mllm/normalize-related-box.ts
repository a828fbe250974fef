import type { NormalizedBox } from './normalize-condition-box.js';
import type { SceneBox, SceneCanvas } from './scene-plan.js';

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Turns a raw `[x, y, w, h]` related box into a valid one, or returns `undefined` when it cannot be one:
 * the edges are clamped into the canvas and snapped outwards to the grid (the region only grows); the
 * result must keep a positive area and touch or overlap `conditionBox` (shared edges count).
 * @see ../shared/spec/algorithm.md section 5.2 (stage 3)
 * @example
 * ```ts
 * normalizeRelatedBox([60, 200, 390, 400], [128, 0, 256, 256], { width: 512, height: 512 }, 8)?.box;
 * // [56, 200, 400, 312]
 * ```
 */
export function normalizeRelatedBox(
  raw: readonly [number, number, number, number],
  conditionBox: SceneBox,
  canvas: SceneCanvas,
  grid: number,
): NormalizedBox | undefined {
  const [x, y, w, h] = raw;
  const x1 = Math.floor(clamp(x, 0, canvas.width) / grid) * grid;
  const y1 = Math.floor(clamp(y, 0, canvas.height) / grid) * grid;
  const x2 = Math.min(Math.ceil(clamp(x + w, 0, canvas.width) / grid) * grid, canvas.width);
  const y2 = Math.min(Math.ceil(clamp(y + h, 0, canvas.height) / grid) * grid, canvas.height);
  if (x2 <= x1 || y2 <= y1) return undefined;
  const [bx, by, bw, bh] = conditionBox;
  const touches = x1 <= bx + bw && bx <= x2 && y1 <= by + bh && by <= y2;
  if (!touches) return undefined;
  const box: SceneBox = [x1, y1, x2 - x1, y2 - y1];
  return { box, adjusted: box.some((v, i) => v !== raw[i]) };
}
