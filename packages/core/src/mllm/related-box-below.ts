import type { SceneBox, SceneCanvas } from './scene-plan.js';

/**
 * The fallback related region: below and around the condition box, x from `bx - w/2` to `bx + 1.5w` and
 * y from `by + h/2` to the canvas bottom, clamped to the canvas and snapped outwards to the grid. For a
 * face this covers neck, shoulders and body. Used when the MLLM is off or fails at stage 3.
 * @see ../shared/spec/algorithm.md section 5.2 (fallbacks)
 * @example
 * ```ts
 * relatedBoxBelow([128, 0, 256, 256], { width: 512, height: 512 }); // [0, 128, 512, 384]
 * ```
 */
export function relatedBoxBelow(box: SceneBox, canvas: SceneCanvas, grid = 8): SceneBox {
  const [bx, by, w, h] = box;
  const x1 = Math.max(0, Math.floor((bx - w / 2) / grid) * grid);
  const x2 = Math.min(canvas.width, Math.ceil((bx + 1.5 * w) / grid) * grid);
  const y1 = Math.max(0, Math.floor((by + h / 2) / grid) * grid);
  return [x1, y1, x2 - x1, canvas.height - y1];
}
