import { atStep } from '../errors/numerical-error.js';
import { classifierFreeGuidance } from '../guidance/classifier-free-guidance.js';
import type { RgbImage } from '../image/rgb-image.js';
import { tensorToImage } from '../image/tensor-to-image.js';
import { createProgressTracker } from '../progress/create-progress-tracker.js';
import type { ProgressCallback } from '../progress/progress-event.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { randn } from '../random/randn.js';
import { createSeededNoise, type NoiseKind } from '../random/seeded-noise.js';
import { ddimStep } from '../scheduler/ddim-step.js';
import { ddimTimesteps } from '../scheduler/ddim-timesteps.js';
import type { StableDiffusionModels } from '../sd/stable-diffusion-models.js';
import { concatBatch } from '../tensor/concat-batch.js';
import { splitBatch } from '../tensor/split-batch.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import { encodePrompts } from './encode-prompts.js';
import { resolveTxt2ImgConfig, type Txt2ImgConfig } from './txt2img-config.js';

/** Per-call options of {@link Txt2ImgPipeline.generate}; config fields left out take their defaults. */
export interface Txt2ImgOptions extends Partial<Txt2ImgConfig> {
  /** What to draw. Longer than 77 CLIP tokens is truncated, with a warning in the result. */
  readonly prompt: string;
  /** What to steer away from (the unconditional branch of guidance); default `''`. */
  readonly negativePrompt?: string;
  /**
   * Seed of the run's noise generator (initial latents and η noise; how they are drawn depends on
   * `noise`). Default: a random 32-bit integer, returned in the result so the image can be reproduced.
   */
  readonly seed?: number | bigint | string;
  /**
   * Which generator the seed drives. `'philox'` (default): sow's own generator, initial latents and η
   * noise from independent forks. `'torch-cpu'`: PyTorch's CPU generator, drawn as diffusers'
   * `StableDiffusionPipeline` draws from `generator=torch.Generator('cpu').manual_seed(seed)`: the
   * initial latents first, then one latent-shaped draw per DDIM step when η > 0.
   */
  readonly noise?: NoiseKind;
  /** Checked before every model call; an abort rejects with the signal's reason, unwrapped. */
  readonly signal?: AbortSignal;
  /** Receives phase, step and (with `previews`) preview events; totals are known up front. */
  readonly onProgress?: ProgressCallback;
  /** Emit a `preview` event with the latents after every denoising step; default false. */
  readonly previews?: boolean;
}

/** Wall times of a text-to-image run, in milliseconds. */
export interface Txt2ImgTimings {
  /** Tokenising and encoding the prompts. */
  readonly encodePromptMs: number;
  /** The denoising loop (all UNet calls and scheduler steps). */
  readonly denoiseMs: number;
  /** VAE decoding and conversion to pixels. */
  readonly decodeMs: number;
  /** The whole call. */
  readonly totalMs: number;
}

/** What {@link Txt2ImgPipeline.generate} returns: the image and everything that produced it. */
export interface Txt2ImgResult {
  /** The generated 8-bit RGB image, `width × height`. */
  readonly image: RgbImage;
  /** The final latents at UNet scale `[1, 4, height/8, width/8]`. */
  readonly latents: Float32Tensor;
  /** The full config the run used, defaults filled in. */
  readonly config: Txt2ImgConfig;
  /** The seed the run used (the caller's, or the one drawn when none was given). */
  readonly seed: number | bigint | string;
  /** The generator the seed drove. */
  readonly noise: NoiseKind;
  /** Device the models ran on. */
  readonly device: string;
  /** Wall times per phase. */
  readonly timings: Txt2ImgTimings;
  /** UNet evaluations made (one per step; a guided step batches both branches in one call). */
  readonly unetCalls: number;
  /** Non-fatal problems, such as a truncated prompt. */
  readonly warnings: readonly string[];
}

const FN = 'Txt2ImgPipeline.generate';

/** A Stable Diffusion text-to-image pipeline over loaded models. */
export interface Txt2ImgPipeline {
  /** Generates one image; see {@link Txt2ImgOptions}. One UNet call is the cancellation granularity. */
  generate(options: Txt2ImgOptions): Promise<Txt2ImgResult>;
}

/**
 * Creates a plain Stable Diffusion text-to-image pipeline: CLIP text encoding, DDIM denoising with
 * classifier-free guidance (batch order `[negative, prompt]`), VAE decoding. It is built only from the
 * library's exported primitives and doubles as the reference example of how they fit together.
 * @see ../shared/spec/algorithm.md section 2 (DDIM, guidance, VAE scaling)
 * @example
 * const models = await loadStableDiffusionFromDir('./sd21-base-onnx', { backend });
 * const txt2img = createTxt2ImgPipeline(models);
 * const { image, seed } = await txt2img.generate({ prompt: 'a photo of a cat', seed: 42, steps: 25 });
 */
export function createTxt2ImgPipeline(models: StableDiffusionModels): Txt2ImgPipeline {
  return {
    async generate(options: Txt2ImgOptions): Promise<Txt2ImgResult> {
      const started = performance.now();
      const config = resolveTxt2ImgConfig(options);
      const { prompt, negativePrompt = '', signal, onProgress } = options;
      const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
      const noise = options.noise ?? 'philox';
      const generator = createSeededNoise(seed, noise, FN);
      const guided = config.guidanceScale > 1;
      const timesteps = ddimTimesteps(models.schedule, config.steps);
      const progress = createProgressTracker(onProgress, 1 + timesteps.length + 1);

      progress.startPhase('encode-prompt');
      const { embeddings, warnings } = await atStep(
        encodePrompts(models, guided ? [negativePrompt, prompt] : [prompt], signal),
        'encode-prompt',
        progress.completed + 1,
      );
      progress.step();
      const encodePromptMs = progress.endPhase();

      progress.startPhase('denoise');
      const torchOrder = noise === 'torch-cpu';
      let latents = randn(torchOrder ? generator : generator.fork('initial-latents'), [
        1,
        models.unet.inChannels,
        config.height / 8,
        config.width / 8,
      ]);
      const etaNoise = torchOrder ? generator : generator.fork('eta-noise');
      for (const timestep of timesteps) {
        throwIfAborted(signal);
        const prediction = await atStep(
          models.unet.predict(
            {
              sample: guided ? concatBatch([latents, latents]) : latents,
              timestep,
              encoderHiddenStates: embeddings,
            },
            signal ? { signal } : {},
          ),
          'denoise',
          progress.completed + 1,
        );
        let modelOutput = prediction;
        if (guided) {
          const [uncond, cond] = splitBatch(prediction);
          modelOutput = classifierFreeGuidance(uncond!, cond!, config.guidanceScale);
        }
        latents = ddimStep({
          schedule: models.schedule,
          modelOutput,
          timestep,
          sample: latents,
          numInferenceSteps: config.steps,
          eta: config.eta,
          generator: etaNoise,
        }).prevSample;
        progress.step(timestep);
        if (options.previews === true) onProgress?.({ type: 'preview', phase: 'denoise', timestep, latents });
      }
      const denoiseMs = progress.endPhase();

      progress.startPhase('decode');
      throwIfAborted(signal);
      const pixels = await atStep(
        models.vaeDecoder.decode(latents, signal ? { signal } : {}),
        'decode',
        progress.completed + 1,
      );
      const image = tensorToImage(pixels);
      progress.step();
      const decodeMs = progress.endPhase();

      return {
        image,
        latents,
        config,
        seed,
        noise,
        device: models.device,
        timings: { encodePromptMs, denoiseMs, decodeMs, totalMs: performance.now() - started },
        unetCalls: timesteps.length,
        warnings,
      };
    },
  };
}
