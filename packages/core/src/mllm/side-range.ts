import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { SceneCanvas } from './scene-plan.js';
import { DEFAULT_SCENE_PLAN_CONFIG, type ScenePlanConfig } from './scene-plan-config.js';

/** Allowed condition-box sides on one canvas, in px; both ends are on the grid. */
export interface SideRange {
  /** Smallest allowed side (px, a multiple of the grid). */
  readonly min: number;
  /** Largest allowed side (px, a multiple of the grid). */
  readonly max: number;
}

const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Checks a canvas at an API boundary: positive integer sides, multiples of `grid`. */
export function checkCanvas(fn: string, canvas: SceneCanvas, grid: number): void {
  if (typeof canvas !== 'object' || canvas === null) {
    throw new InvalidArgumentError(fn, 'canvas', '{ width, height } in px', canvas);
  }
  for (const key of ['width', 'height'] as const) {
    const v = canvas[key];
    if (!isPositiveInteger(v) || v % grid !== 0) {
      throw new InvalidArgumentError(fn, `canvas.${key}`, `a positive multiple of ${grid}`, v);
    }
  }
}

/** Merges a partial config over the defaults and checks it at an API boundary. */
export function resolveScenePlanConfig(
  fn: string,
  config: Partial<ScenePlanConfig> | undefined,
): ScenePlanConfig {
  const merged: ScenePlanConfig = { ...DEFAULT_SCENE_PLAN_CONFIG, ...config };
  for (const key of ['minSide', 'maxSide', 'referenceSize', 'grid'] as const) {
    if (!isPositiveInteger(merged[key])) {
      throw new InvalidArgumentError(fn, `config.${key}`, 'a positive integer', merged[key]);
    }
  }
  if (merged.minSide > merged.maxSide) {
    throw new InvalidArgumentError(
      fn,
      'config.minSide',
      `at most config.maxSide (${merged.maxSide})`,
      merged.minSide,
    );
  }
  if (typeof merged.square !== 'boolean') {
    throw new InvalidArgumentError(fn, 'config.square', 'a boolean', merged.square);
  }
  return merged;
}

/**
 * The condition side range on `canvas`: `[minSide, maxSide]` scaled by `min(width, height) / referenceSize`,
 * rounded inwards to the grid (180-256 on 512 gives 184-256) and capped by the canvas.
 * Throws `InvalidArgumentError` when the canvas is too small for any allowed side.
 * @see ../shared/spec/algorithm.md section 5.2 ("restricted to 180-256")
 * @example
 * ```ts
 * sideRange({ width: 512, height: 512 }); // { min: 184, max: 256 }
 * ```
 */
export function sideRange(canvas: SceneCanvas, config?: Partial<ScenePlanConfig>): SideRange {
  const c = resolveScenePlanConfig('sideRange', config);
  checkCanvas('sideRange', canvas, c.grid);
  const shorter = Math.min(canvas.width, canvas.height);
  const scale = shorter / c.referenceSize;
  const min = Math.ceil((c.minSide * scale) / c.grid) * c.grid;
  const max = Math.min(Math.floor((c.maxSide * scale) / c.grid) * c.grid, shorter);
  if (min > max || min <= 0) {
    throw new InvalidArgumentError(
      'sideRange',
      'canvas',
      `large enough for a side of ${c.minSide}-${c.maxSide} px per ${c.referenceSize} px on a ${c.grid} px grid`,
      canvas,
    );
  }
  return { min, max };
}
