import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkPlanInputs } from './check-plan-inputs.js';
import { relatedBoxBelow } from './related-box-below.js';
import type { SceneBox, SceneCanvas, ScenePlan } from './scene-plan.js';
import type { ScenePlanConfig } from './scene-plan-config.js';
import { resolveScenePlanConfig, sideRange } from './side-range.js';

/** Options of {@link planSceneOffline}. */
export interface PlanSceneOfflineOptions {
  /** The user's text prompt, used unchanged. */
  readonly prompt: string;
  /** Canvas the boxes live on; default 512 x 512. */
  readonly canvas?: SceneCanvas;
  /** Box rules; defaults in {@link DEFAULT_SCENE_PLAN_CONFIG}. */
  readonly config?: Partial<ScenePlanConfig>;
  /**
   * `reference` (default): the COW code's placement, top-centred with the largest allowed side
   * ([128, 0, 256, 256] on 512). `centered`: a square of `side` px in the middle of the canvas.
   */
  readonly placement?: 'reference' | 'centered';
  /** Side of the `centered` box in px: within {@link sideRange} and a multiple of the grid; default the largest allowed side. */
  readonly side?: number;
}

const FN = 'planSceneOffline';

/**
 * The reference placement on a canvas: a square of the largest allowed side, horizontally centred at the
 * top edge ([128, 0, 256, 256] on 512, the COW code's default box); the fallback for the condition box.
 * @see ../shared/spec/algorithm.md section 5.2 (fallbacks) and 3.1
 * @example
 * ```ts
 * referenceBox({ width: 512, height: 512 }); // [128, 0, 256, 256]
 * ```
 */
export function referenceBox(canvas: SceneCanvas, config?: Partial<ScenePlanConfig>): SceneBox {
  const c = resolveScenePlanConfig('referenceBox', config);
  const { max } = sideRange(canvas, c);
  return [Math.round((canvas.width - max) / 2 / c.grid) * c.grid, 0, max, max];
}

/**
 * Plans a scene without any MLLM or network: the prompt unchanged, the condition at the reference or a
 * centred placement, and the related region below and around it ({@link relatedBoxBelow}).
 * @see ../shared/spec/algorithm.md section 5.2 (fallbacks when the MLLM is off)
 * @example
 * ```ts
 * const plan = planSceneOffline({ prompt: 'a man on a beach' });
 * plan.box; // [128, 0, 256, 256]
 * plan.relatedBox; // [0, 128, 512, 384]
 * ```
 */
export function planSceneOffline(options: PlanSceneOfflineOptions): ScenePlan {
  const { canvas, config } = checkPlanInputs(FN, options?.prompt, options.canvas, options.config);
  const placement = options.placement ?? 'reference';
  let box: SceneBox;
  if (placement === 'reference') {
    box = referenceBox(canvas, config);
  } else if (placement === 'centered') {
    const range = sideRange(canvas, config);
    const side = options.side ?? range.max;
    if (!Number.isInteger(side) || side < range.min || side > range.max || side % config.grid !== 0) {
      throw new InvalidArgumentError(
        FN,
        'options.side',
        `a multiple of ${config.grid} in [${range.min}, ${range.max}]`,
        side,
      );
    }
    const corner = (size: number) => Math.round((size - side) / 2 / config.grid) * config.grid;
    box = [corner(canvas.width), corner(canvas.height), side, side];
  } else {
    throw new InvalidArgumentError(FN, 'options.placement', "'reference' or 'centered'", placement);
  }
  const provenance = { source: 'offline', adjusted: false } as const;
  return {
    prompt: options.prompt.trim(),
    box,
    relatedBox: relatedBoxBelow(box, canvas, config.grid),
    canvas,
    provenance: { prompt: provenance, box: provenance, relatedBox: provenance },
  };
}
