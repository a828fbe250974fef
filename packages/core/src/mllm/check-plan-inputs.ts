import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { MllmImage } from './mllm-model.js';
import type { SceneCanvas } from './scene-plan.js';
import type { ScenePlanConfig } from './scene-plan-config.js';
import { checkCanvas, resolveScenePlanConfig } from './side-range.js';

/** The canvas planners use when none is given: 512 x 512 px, the SD 2.1 base resolution. */
export const DEFAULT_SCENE_CANVAS: Readonly<SceneCanvas> = Object.freeze({ width: 512, height: 512 });

/** Checks the prompt, canvas and config every planner shares; returns the resolved canvas and config. */
export function checkPlanInputs(
  fn: string,
  prompt: unknown,
  canvas: SceneCanvas | undefined,
  config: Partial<ScenePlanConfig> | undefined,
): { canvas: SceneCanvas; config: ScenePlanConfig } {
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    throw new InvalidArgumentError(fn, 'options.prompt', 'a non-empty string', prompt);
  }
  const resolved = resolveScenePlanConfig(fn, config);
  const c = canvas ?? DEFAULT_SCENE_CANVAS;
  checkCanvas(fn, c, resolved.grid);
  return { canvas: { width: c.width, height: c.height }, config: resolved };
}

/** Checks an encoded image at an API boundary: an `image/*` MIME type and non-empty bytes. */
export function checkMllmImage(fn: string, image: MllmImage): void {
  if (typeof image !== 'object' || image === null) {
    throw new InvalidArgumentError(fn, 'options.image', '{ mimeType, data } with encoded image bytes', image);
  }
  if (typeof image.mimeType !== 'string' || !/^image\/[\w.+-]+$/.test(image.mimeType)) {
    throw new InvalidArgumentError(
      fn,
      'options.image.mimeType',
      "an image MIME type such as 'image/png'",
      image.mimeType,
    );
  }
  if (!(image.data instanceof Uint8Array) || image.data.length === 0) {
    throw new InvalidArgumentError(
      fn,
      'options.image.data',
      'a non-empty Uint8Array of encoded bytes',
      image.data,
    );
  }
}
