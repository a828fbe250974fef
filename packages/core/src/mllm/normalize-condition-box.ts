import type { SceneBox, SceneCanvas } from './scene-plan.js';
import type { ScenePlanConfig } from './scene-plan-config.js';
import { resolveScenePlanConfig, sideRange } from './side-range.js';

/** A box after validation, with a flag telling whether anything had to change. */
export interface NormalizedBox {
  /** The valid box. */
  readonly box: SceneBox;
  /** True when the input was rounded, clamped, snapped or squared. */
  readonly adjusted: boolean;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Turns a raw `[x, y, w, h]` condition box (finite numbers, `w, h > 0`) into a valid one: rounded to
 * integers, made square (mean side) when `config.square`, side clamped to {@link sideRange} and snapped to
 * the grid around the box centre, then the corner snapped to the grid and clamped into the canvas.
 * @see ../shared/spec/algorithm.md section 5.2 (validation)
 * @example
 * ```ts
 * normalizeConditionBox([100, -20, 300, 300], { width: 512, height: 512 }).box; // [120, 0, 256, 256]
 * ```
 */
export function normalizeConditionBox(
  raw: readonly [number, number, number, number],
  canvas: SceneCanvas,
  config?: Partial<ScenePlanConfig>,
): NormalizedBox {
  const c = resolveScenePlanConfig('normalizeConditionBox', config);
  const range = sideRange(canvas, c);
  const [x, y, w, h] = raw.map(Math.round) as [number, number, number, number];
  const snapSide = (s: number) =>
    clamp(Math.round(clamp(s, range.min, range.max) / c.grid) * c.grid, range.min, range.max);
  const side = c.square ? snapSide((w + h) / 2) : undefined;
  const bw = side ?? snapSide(w);
  const bh = side ?? snapSide(h);
  const snapCorner = (centre: number, size: number, limit: number) =>
    clamp(Math.round((centre - size / 2) / c.grid) * c.grid, 0, limit - size);
  const box: SceneBox = [
    snapCorner(x + w / 2, bw, canvas.width),
    snapCorner(y + h / 2, bh, canvas.height),
    bw,
    bh,
  ];
  return { box, adjusted: box.some((v, i) => v !== raw[i]) };
}
