import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { atStep } from '../errors/numerical-error.js';
import { createSolidImage, imageToTensor, pasteImage, type RgbImage, tensorToImage } from '../image/index.js';
import { checkRgbImage } from '../image/rgb-image.js';
import { encodePrompts } from '../pipelines/encode-prompts.js';
import { createProgressTracker } from '../progress/create-progress-tracker.js';
import type { ProgressCallback } from '../progress/progress-event.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { randn } from '../random/randn.js';
import type { NoiseKind } from '../random/seeded-noise.js';
import type { StableDiffusionModels } from '../sd/stable-diffusion-models.js';
import { splitBatch } from '../tensor/index.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import type { CowBox, CowConfig, CowConfigOverrides } from './cow-config.js';
import { createCowNoiseStreams } from './cow-noise-streams.js';
import type { CowLevel, CowOp, CowPhase } from './cow-op.js';
import type { CowPresetName } from './cow-presets.js';
import { cowSchedule } from './cow-schedule.js';
import { cowScheduleTotals } from './cow-schedule-totals.js';
import type { CowUNetHookFactory } from './cow-unet-hook.js';
import { createCowSeed } from './create-cow-seed.js';
import { resolveCowConfigAs } from './resolve-cow-config.js';
import { runCowSchedule } from './run-cow-schedule.js';

/** Per-call options of {@link CowPipeline.generate}. */
export interface CowGenerateOptions {
  /** The visual condition, 8-bit RGB or RGBA (alpha is ignored); resized to the box. */
  readonly image: RgbImage;
  /**
   * Optional keep-mask with the image's aspect ratio, resized with it; which pixels keep the condition
   * is `config.maskPolarity` (default: black keeps, as the reference code). Without it the whole box is kept.
   */
  readonly mask?: RgbImage;
  /** The text condition. Over 77 CLIP tokens is truncated, with a warning in the result. */
  readonly prompt: string;
  /** Where to paste the condition, in canvas pixels; shorthand for `config.box`. */
  readonly box?: CowBox;
  /** Base settings; default `'reference'`. */
  readonly preset?: CowPresetName;
  /** Fields overriding the preset. */
  readonly config?: CowConfigOverrides;
  /**
   * Seed of the run's noise (VAE sample, eta and renoise; how they are drawn depends on `noise`).
   * Default: a random 32-bit integer, returned in the result.
   */
  readonly seed?: number | bigint | string;
  /**
   * Which generator the seed drives (see {@link createCowNoiseStreams}): `'philox'` (default, sow's own
   * streams) or `'torch-cpu'` (PyTorch's CPU generator, drawn in the official code's order).
   */
  readonly noise?: NoiseKind;
  /** Checked before every model call; an abort rejects with the signal's reason, unwrapped. */
  readonly signal?: AbortSignal;
  /** Receives phase, step and (with `previews`) preview events; totals are known up front. */
  readonly onProgress?: ProgressCallback;
  /** Emit `preview` events with the latents after every denoising step. Default false. */
  readonly previews?: boolean;
  /** Return the canvas latent after every cycle and every final-stage step. Default false. */
  readonly intermediates?: boolean;
  /**
   * Makes the hook that sees (and may extend) every UNet call's input, from the run's config and seed
   * region, before the first model call. SOW's dynamic attention modulation comes in this way
   * (`sowUNetHook`, with `models.unet` from `createModulatedUNet`). Default: none (plain COW).
   */
  readonly unetHook?: CowUNetHookFactory;
}

/** A canvas latent captured during the run (see {@link CowGenerateOptions.intermediates}). */
export interface CowIntermediate {
  /** Phase it was taken in. */
  readonly phase: CowPhase;
  /** Cycle number (0-based) for cycle ends. */
  readonly cycle?: number;
  /** Noise level the latent is taken to have. */
  readonly level: CowLevel;
  /** The canvas latent `[1, C, H/8, W/8]`. */
  readonly latents: Float32Tensor;
}

/** Wall times of a COW run in milliseconds, per phase. */
export interface CowTimings {
  /** Tokenising and encoding the five prompts. */
  readonly encodePromptMs: number;
  /** Building the seed and VAE-encoding seed and canvas. */
  readonly encodeImageMs: number;
  /** Per plan phase (`invert-condition`, `invert-canvas`, `cycles`, `final`, `decode`). */
  readonly phases: Readonly<Partial<Record<CowPhase, number>>>;
  /** The whole call. */
  readonly totalMs: number;
}

/** What {@link CowPipeline.generate} returns: the image and everything that produced it. */
export interface CowResult {
  /** The generated 8-bit RGB image, canvas-sized. */
  readonly image: RgbImage;
  /** The final latents `[1, C, H/8, W/8]`. */
  readonly latents: Float32Tensor;
  /** The resolved config (preset, overrides, snapping applied). */
  readonly config: CowConfig;
  /** The seed the run used. */
  readonly seed: number | bigint | string;
  /** The generator the seed drove. */
  readonly noise: NoiseKind;
  /** Device the models ran on. */
  readonly device: string;
  /** Wall times. */
  readonly timings: CowTimings;
  /** UNet calls made. */
  readonly unetCalls: number;
  /** Non-fatal problems, such as a truncated prompt. */
  readonly warnings: readonly string[];
  /** Captured latents, when asked for. */
  readonly intermediates?: readonly CowIntermediate[];
}

/** Cyclic One-Way Diffusion over loaded Stable Diffusion models. */
export interface CowPipeline {
  /** Generates one image; see {@link CowGenerateOptions}. One UNet call is the cancellation granularity. */
  generate(options: CowGenerateOptions): Promise<CowResult>;
}

const FN = 'CowPipeline.generate';

/** True after the canvas inversion, at the end of every cycle and after every final-stage step (and its replacement). */
function isSnapshotPoint(ops: readonly CowOp[], index: number): boolean {
  const op = ops[index];
  const next = ops[index + 1];
  if (op === undefined || op.kind === 'decode') return false;
  if (op.phase === 'invert-canvas') return next?.phase !== 'invert-canvas';
  if (op.phase === 'cycles') return next?.phase !== 'cycles' || next.kind === 'renoise';
  return op.phase === 'final' && next?.kind !== 'replace';
}

/**
 * The seed square padded at the right and bottom with the background colour up to a multiple of
 * `config.conditionPadMultiple` pixels, so the UNet can invert it on its own (unchanged when it fits).
 */
function padToMultiple(seed: RgbImage, config: CowConfig): RgbImage {
  const m = config.conditionPadMultiple;
  const width = Math.ceil(seed.width / m) * m;
  const height = Math.ceil(seed.height / m) * m;
  if (width === seed.width && height === seed.height) return seed;
  return pasteImage(createSolidImage(width, height, config.backgroundColor), seed, 0, 0);
}

/**
 * Creates the Cyclic One-Way Diffusion pipeline: paste the condition on a gray canvas, invert seed and
 * canvas, cycle through the band with one-way replacement of the condition region, preserve, finish
 * and decode. Everything is checked before the first model call; the plan it runs is `cowSchedule`'s.
 * @see spec section 3 (COW exactly as the released code does it)
 * @example
 * const models = await loadStableDiffusionFromDir('./sd21-base-onnx', { backend });
 * const cow = createCowPipeline(models);
 * const { image } = await cow.generate({ image: face, mask, prompt: 'a photo of a person at a formal event', seed: 42 });
 */
export function createCowPipeline(models: StableDiffusionModels): CowPipeline {
  return {
    async generate(options: CowGenerateOptions): Promise<CowResult> {
      const started = performance.now();
      if (typeof options !== 'object' || options === null) {
        throw new InvalidArgumentError(FN, 'options', 'an options object', options);
      }
      const { prompt, signal, onProgress } = options;
      if (typeof prompt !== 'string') throw new InvalidArgumentError(FN, 'prompt', 'a string', prompt);
      const overrides =
        options.box === undefined ? (options.config ?? {}) : { ...options.config, box: options.box };
      const config = resolveCowConfigAs(FN, options.preset ?? 'reference', overrides);
      checkRgbImage(FN, 'image', options.image);
      if (options.mask !== undefined) checkRgbImage(FN, 'mask', options.mask);
      const seedImages = createCowSeed({
        image: options.image,
        ...(options.mask === undefined ? {} : { mask: options.mask }),
        config,
        fn: FN,
      });
      const unetHook = options.unetHook?.({ config, region: seedImages.region });
      const ops = cowSchedule(config, models.schedule);
      const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
      const noise = options.noise ?? 'philox';
      const streams = createCowNoiseStreams(seed, noise, FN);
      const total = 3 + cowScheduleTotals(ops).modelCalls;
      const progress = createProgressTracker(onProgress, total);
      const callOptions = signal === undefined ? {} : { signal };

      progress.startPhase('encode-prompt');
      const { embeddings, warnings } = await atStep(
        encodePrompts(
          models,
          [
            config.unconditionalPrompt,
            prompt,
            config.negativePrompt,
            config.suppressPrompt,
            config.diversePrompt,
          ],
          signal,
        ),
        'encode-prompt',
        progress.completed + 1,
      );
      const [unconditional, promptEmb, negative, suppress, diverse] = splitBatch(embeddings);
      progress.step();
      const encodePromptMs = progress.endPhase();

      progress.startPhase('encode-image');
      const channels = models.unet.inChannels;
      const encode = async (image: RgbImage): Promise<Float32Tensor> => {
        throwIfAborted(signal);
        const shape = [1, channels, image.height / 8, image.width / 8];
        const latents = await atStep(
          models.vaeEncoder.encode(
            imageToTensor(image),
            config.sampleLatents ? { ...callOptions, noise: randn(streams.vaeSample, shape) } : callOptions,
          ),
          'encode-image',
          progress.completed + 1,
        );
        progress.step();
        return latents;
      };
      const conditionLatents = await encode(padToMultiple(seedImages.seedImage, config));
      const canvasLatents = await encode(seedImages.canvasImage);
      const encodeImageMs = progress.endPhase();

      const intermediates: CowIntermediate[] = [];
      const run = await runCowSchedule({
        ops,
        unet: models.unet,
        vaeDecoder: models.vaeDecoder,
        schedule: models.schedule,
        conditionLatents,
        canvasLatents,
        region: seedImages.region,
        embeddings: {
          unconditional: unconditional!,
          prompt: promptEmb!,
          negative: negative!,
          suppress: suppress!,
          diverse: diverse!,
        },
        noise: { eta: streams.eta, renoise: streams.renoise },
        ...(signal === undefined ? {} : { signal }),
        ...(onProgress === undefined ? {} : { onProgress }),
        progressCompleted: progress.completed,
        progressTotal: total,
        previews: options.previews === true,
        ...(unetHook === undefined ? {} : { unetHook }),
        ...(options.intermediates === true
          ? {
              onLatents: ({ index, op, latents }) => {
                if (!isSnapshotPoint(ops, index)) return;
                const level = op.kind === 'replace' ? op.level : op.kind === 'decode' ? 0 : op.toLevel;
                const cycle = op.kind !== 'invert' && op.kind !== 'decode' ? op.cycle : undefined;
                intermediates.push({
                  phase: op.phase,
                  ...(cycle === undefined ? {} : { cycle }),
                  level,
                  latents,
                });
              },
            }
          : {}),
      });
      const image = tensorToImage(run.pixels as Float32Tensor);
      return {
        image,
        latents: run.latents,
        config,
        seed,
        noise,
        device: models.device,
        timings: { encodePromptMs, encodeImageMs, phases: run.phaseMs, totalMs: performance.now() - started },
        unetCalls: run.unetCalls,
        warnings,
        ...(options.intermediates === true ? { intermediates } : {}),
      };
    },
  };
}
