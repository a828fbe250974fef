import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createNoiseGenerator } from '../random/noise-generator.js';
import { checkPlanInputs } from './check-plan-inputs.js';
import { relatedBoxBelow } from './related-box-below.js';
import type { SceneBox, SceneCanvas, ScenePlan } from './scene-plan.js';
import type { ScenePlanConfig } from './scene-plan-config.js';
import { sideRange } from './side-range.js';

/** Options of {@link planSceneRandom}. */
export interface PlanSceneRandomOptions {
  /** The user's text prompt, used unchanged. */
  readonly prompt: string;
  /**
   * Seed of the draw (a non-negative integer, a bigint or a string, as for `createNoiseGenerator`); the
   * same seed gives the same plan in every engine.
   */
  readonly seed: number | bigint | string;
  /** Canvas the boxes live on; default 512 x 512. */
  readonly canvas?: SceneCanvas;
  /** Box rules; defaults in {@link DEFAULT_SCENE_PLAN_CONFIG}. */
  readonly config?: Partial<ScenePlanConfig>;
}

/**
 * Plans a scene at a random position: the paper's "without adaptive position" ablation baseline. The
 * side is uniform over the grid multiples of {@link sideRange} (one side, or two independent ones when
 * `config.square` is false), the corner uniform over the grid positions that keep the box inside the
 * canvas; the related region is {@link relatedBoxBelow}. The four draws (side, second side, x, y) are
 * `uniform(4)` of the `scene-plan` fork of `createNoiseGenerator(seed)`, each mapped to `floor(u * n)`.
 * @see ../shared/spec/algorithm.md section 5.2 (ablation "without AP")
 * @example
 * ```ts
 * const plan = planSceneRandom({ prompt: 'a man on a beach', seed: 42 });
 * ```
 */
export function planSceneRandom(options: PlanSceneRandomOptions): ScenePlan {
  const fn = 'planSceneRandom';
  const { canvas, config } = checkPlanInputs(fn, options?.prompt, options.canvas, options.config);
  const { seed } = options;
  if (typeof seed === 'number' && !(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new InvalidArgumentError(fn, 'options.seed', 'a non-negative safe integer', seed);
  }
  const u = createNoiseGenerator(seed).fork('scene-plan').uniform(4);
  const pick = (i: number, n: number) => Math.min(n - 1, Math.floor((u[i] as number) * n));
  const { min, max } = sideRange(canvas, config);
  const g = config.grid;
  const sides = (max - min) / g + 1;
  const w = min + pick(0, sides) * g;
  const h = config.square ? w : min + pick(1, sides) * g;
  const box: SceneBox = [
    pick(2, (canvas.width - w) / g + 1) * g,
    pick(3, (canvas.height - h) / g + 1) * g,
    w,
    h,
  ];
  const provenance = { source: 'random', adjusted: false } as const;
  return {
    prompt: options.prompt.trim(),
    box,
    relatedBox: relatedBoxBelow(box, canvas, g),
    canvas,
    provenance: { prompt: provenance, box: provenance, relatedBox: provenance },
  };
}
