import type { CowConfigOverrides } from '../cow/cow-config.js';
import type { CowPresetName } from '../cow/cow-presets.js';
import { type CowResult, createCowPipeline } from '../cow/create-cow-pipeline.js';
import { resolveCowConfigAs } from '../cow/resolve-cow-config.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RgbImage } from '../image/index.js';
import type { MllmImage, MllmModel } from '../mllm/mllm-model.js';
import { type PlanSceneOptions, planScene } from '../mllm/plan-scene.js';
import { planSceneOffline } from '../mllm/plan-scene-offline.js';
import { planSceneRandom } from '../mllm/plan-scene-random.js';
import type { ScenePlan } from '../mllm/scene-plan.js';
import type { ProgressCallback } from '../progress/progress-event.js';
import type { NoiseKind } from '../random/seeded-noise.js';
import type { StableDiffusionModels } from '../sd/stable-diffusion-models.js';
import type {
  AttentionModulationConfig,
  AttentionModulationConfigOverrides,
} from './attention-modulation-config.js';
import type { ModulatedUNet } from './create-modulated-unet.js';
import { resolveAttentionModulationConfig } from './resolve-attention-modulation-config.js';
import { sowUNetHook } from './sow-unet-hook.js';

/** The three parts of SOW the paper ablates; each `true` by default. */
export interface SowSwitches {
  /** Place the condition where the MLLM says (else a random box of the allowed size, "without AP"). */
  readonly adaptivePosition: boolean;
  /** Modulate self-attention during the cycles (else plain COW cycles). */
  readonly attentionModulation: boolean;
  /** Generate from the MLLM's intensified prompt P* (else the user's prompt P). */
  readonly promptIntensification: boolean;
}

/** Construction settings of {@link createSowPipeline}. */
export interface SowPipelineSettings {
  /** The MLLM for the scene plan (`@sow/mllm-gemini`, `@sow/mllm-openai`); without it the offline planner runs. */
  readonly mllm?: MllmModel;
}

/** Per-call options of {@link SowPipeline.generate}. */
export interface SowGenerateOptions {
  /** The visual condition, 8-bit RGB or RGBA; resized to the planned box. */
  readonly image: RgbImage;
  /** The same condition encoded (PNG, JPEG) for the MLLM; required when an MLLM plans. */
  readonly encodedImage?: MllmImage;
  /** Optional keep-mask, as in COW. */
  readonly mask?: RgbImage;
  /** The user's text prompt P. */
  readonly prompt: string;
  /** A ready plan to use instead of planning (e.g. from an earlier run). */
  readonly plan?: ScenePlan;
  /** Ablation switches; fields left out are `true`. */
  readonly switches?: Partial<SowSwitches>;
  /** Attention modulation constants over the reconstruction's defaults. */
  readonly attention?: AttentionModulationConfigOverrides;
  /** Extra planner settings passed to `planScene` (temperature, seed, prompts, box rules). */
  readonly planning?: Omit<PlanSceneOptions, 'image' | 'prompt' | 'canvas' | 'signal'>;
  /** COW base settings; default `'reference'`. */
  readonly preset?: CowPresetName;
  /** COW fields over the preset; the box always comes from the plan. */
  readonly config?: Omit<CowConfigOverrides, 'box'>;
  /** Seed of the run (COW noise, and the random box without adaptive position). */
  readonly seed?: number;
  /** Which generator the seed drives for COW's noise: `'philox'` (default) or `'torch-cpu'` (see `createCowNoiseStreams`). */
  readonly noise?: NoiseKind;
  /** Checked before every MLLM and model call; an abort rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Receives COW's phase and step events. */
  readonly onProgress?: ProgressCallback;
  /** As COW's: emit `preview` events with the latents after every denoising step. Default false. */
  readonly previews?: boolean;
  /** As COW's: return the canvas latent after every cycle and every final-stage step. Default false. */
  readonly intermediates?: boolean;
}

/** What {@link SowPipeline.generate} returns: COW's result plus the plan and the SOW settings used. */
export interface SowResult extends CowResult {
  /** The scene plan the run used (prompt, boxes, provenance). */
  readonly plan: ScenePlan;
  /** The switches in effect. */
  readonly switches: SowSwitches;
  /** The modulation constants, when attention modulation ran. */
  readonly attention?: AttentionModulationConfig;
}

/** Selective One-Way Diffusion over loaded Stable Diffusion models. */
export interface SowPipeline {
  /** Plans the scene, then runs COW at the planned box with attention modulation in the cycles. */
  generate(options: SowGenerateOptions): Promise<SowResult>;
}

const FN = 'SowPipeline.generate';

async function planFor(
  mllm: MllmModel | undefined,
  options: SowGenerateOptions,
  switches: SowSwitches,
  canvas: { width: number; height: number },
  seed: number,
): Promise<ScenePlan> {
  if (options.plan !== undefined) return options.plan;
  const { prompt } = options;
  const random = () => planSceneRandom({ prompt, seed, canvas });
  if (mllm === undefined || (!switches.adaptivePosition && !switches.promptIntensification)) {
    return switches.adaptivePosition ? planSceneOffline({ prompt, canvas }) : random();
  }
  if (options.encodedImage === undefined) {
    throw new InvalidArgumentError(
      FN,
      'encodedImage',
      'the condition as PNG/JPEG bytes (an MLLM plans)',
      undefined,
    );
  }
  const planned = await planScene(mllm, {
    ...options.planning,
    image: options.encodedImage,
    prompt,
    canvas,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (switches.adaptivePosition) return planned;
  const r = random();
  return {
    ...planned,
    box: r.box,
    relatedBox: r.relatedBox,
    provenance: { ...planned.provenance, box: r.provenance.box, relatedBox: r.provenance.relatedBox },
  };
}

/**
 * Creates the Selective One-Way Diffusion pipeline: scene plan (MLLM stages 1-3, or the offline planner),
 * seed initialisation at the planned box, COW with dynamic attention modulation in the cycle UNet calls,
 * and the result with its plan. Switches turn off adaptive position, attention modulation or prompt
 * intensification for the paper's ablation. Attention modulation needs `models.unet` from
 * `createModulatedUNet` (a UNet graph patched by `patchSelfAttention`).
 * @throws InvalidArgumentError (from `generate`) when modulation is on and the UNet is not modulated.
 * @see ../shared/spec/algorithm.md section 5.6 (SOW loop)
 * @example
 * const sow = createSowPipeline(models, { mllm: gemini });
 * const { image, plan } = await sow.generate({ image: face, encodedImage, prompt: 'a person at a formal event', seed: 7 });
 */
export function createSowPipeline(
  models: StableDiffusionModels,
  settings: SowPipelineSettings = {},
): SowPipeline {
  const cow = createCowPipeline(models);
  return {
    async generate(options: SowGenerateOptions): Promise<SowResult> {
      const switches: SowSwitches = {
        adaptivePosition: options.switches?.adaptivePosition ?? true,
        attentionModulation: options.switches?.attentionModulation ?? true,
        promptIntensification: options.switches?.promptIntensification ?? true,
      };
      const attention = switches.attentionModulation
        ? resolveAttentionModulationConfig(options.attention)
        : undefined;
      if (attention !== undefined && (models.unet as Partial<ModulatedUNet>).attentionModulation !== true) {
        throw new InvalidArgumentError(
          FN,
          'models.unet',
          'a UNet from createModulatedUNet (attention modulation is on)',
          'a UNet without attention modulation',
        );
      }
      const preset = options.preset ?? 'reference';
      // Validates the COW fields before any model call; the real box comes from the plan.
      const base = resolveCowConfigAs(FN, preset, {
        ...options.config,
        box: { x: 0, y: 0, width: 8, height: 8 },
      });
      const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
      const canvas = { width: base.canvasWidth, height: base.canvasHeight };
      const scene = await planFor(settings.mllm, options, switches, canvas, seed);
      const [x, y, width, height] = scene.box;
      const result = await cow.generate({
        image: options.image,
        ...(options.mask === undefined ? {} : { mask: options.mask }),
        prompt: switches.promptIntensification ? scene.prompt : options.prompt,
        box: { x, y, width, height },
        preset,
        ...(options.config === undefined ? {} : { config: options.config }),
        seed,
        ...(options.noise === undefined ? {} : { noise: options.noise }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(options.previews === undefined ? {} : { previews: options.previews }),
        ...(options.intermediates === undefined ? {} : { intermediates: options.intermediates }),
        ...(attention === undefined ? {} : { unetHook: sowUNetHook(scene.relatedBox, attention) }),
      });
      return { ...result, plan: scene, switches, ...(attention === undefined ? {} : { attention }) };
    },
  };
}
