import type { CowUNetHookFactory } from '../cow/cow-unet-hook.js';
import type { SceneBox } from '../mllm/scene-plan.js';
import type { AttentionModulationConfig } from './attention-modulation-config.js';
import { cowCycleAttention } from './cow-cycle-attention.js';
import { sowAttentionRegions } from './sow-attention-regions.js';

/**
 * SOW's dynamic attention modulation as a COW pipeline hook: builds the modulation regions from the
 * run's seed region and the scene plan's guiding box (checked before the first model call), then adds
 * `cowCycleAttention` for the op's cycle to every cycle UNet call (G2); inversion and final-stage calls
 * run unmodulated. The pipeline's `models.unet` must come from `createModulatedUNet`.
 * @throws InvalidArgumentError (when the run starts) if the guiding box leaves the canvas.
 * @see ../shared/spec/algorithm.md sections 5.5-5.6
 * @example
 * const { image } = await createCowPipeline(models).generate({ image: face, prompt, box,
 *   unetHook: sowUNetHook(plan.relatedBox, resolveAttentionModulationConfig()) });
 */
export function sowUNetHook(relatedBox: SceneBox, config: AttentionModulationConfig): CowUNetHookFactory {
  return ({ config: cow, region }) => {
    const regions = sowAttentionRegions({
      region,
      latentHeight: cow.canvasHeight / 8,
      latentWidth: cow.canvasWidth / 8,
      relatedBox,
    });
    return (input, call) =>
      call.guidance === 'cycle' && call.op.kind === 'denoise'
        ? { ...input, attention: cowCycleAttention(regions, call.op.cycle ?? 0, config) }
        : input;
  };
}
