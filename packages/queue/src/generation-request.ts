import type {
  AttentionModulationConfigOverrides,
  CowBox,
  CowConfigOverrides,
  CowPresetName,
  NoiseKind,
  SowSwitches,
  Txt2ImgConfig,
} from '@sow/core';

/** The pipelines a queued request can run. */
export type GenerationMethod = 'txt2img' | 'cow' | 'sow';

/**
 * An encoded condition image (PNG or JPEG): its bytes, carried in the job itself, or the key of bytes put
 * in the result store beforehand with {@link ResultStore.putInput} (for large inputs; keeps Redis small).
 */
export type ImageInput = { readonly bytes: Uint8Array } | { readonly key: string };

/** Fields every request has. */
export interface GenerationRequestBase {
  /** Which pipeline runs. */
  readonly method: GenerationMethod;
  /** The text prompt. */
  readonly prompt: string;
  /**
   * Seed of the run: a non-negative integer or a non-empty string (SOW: an integer). Default: a random
   * 32-bit integer drawn at enqueue time, so retries and re-runs of the job reproduce the same image.
   */
  readonly seed?: number | string;
  /**
   * Which generator the seed drives: `'philox'` (default, sow's own stream) or `'torch-cpu'` (PyTorch's CPU
   * generator in diffusers' draw order, for parity with Python runs; integer seeds only).
   */
  readonly noise?: NoiseKind;
}

/** Plain text-to-image (`createTxt2ImgPipeline`). */
export interface Txt2ImgRequest extends GenerationRequestBase {
  /** Selects text-to-image. */
  readonly method: 'txt2img';
  /** What to steer away from; default `''`. */
  readonly negativePrompt?: string;
  /** Config fields over `DEFAULT_TXT2IMG_CONFIG` (steps, guidanceScale, eta, width, height). */
  readonly config?: Partial<Txt2ImgConfig>;
}

/** Cyclic One-Way Diffusion (`createCowPipeline`). */
export interface CowRequest extends GenerationRequestBase {
  /** Selects COW. */
  readonly method: 'cow';
  /** The visual condition. */
  readonly image: ImageInput;
  /** Optional keep-mask with the image's aspect ratio. */
  readonly mask?: ImageInput;
  /** Where to paste the condition, in canvas pixels; default the preset's box. */
  readonly box?: CowBox;
  /** Base settings; default `'reference'`. */
  readonly preset?: CowPresetName;
  /** Fields over the preset. */
  readonly config?: CowConfigOverrides;
}

/** Who plans a SOW scene: the worker's MLLM, or the offline planner (no network). */
export type SowPlanner = 'mllm' | 'offline';

/** Selective One-Way Diffusion (`createSowPipeline`). */
export interface SowRequest extends GenerationRequestBase {
  /** Selects SOW. */
  readonly method: 'sow';
  /** The visual condition; the MLLM sees these bytes. */
  readonly image: ImageInput;
  /** Optional keep-mask with the image's aspect ratio. */
  readonly mask?: ImageInput;
  /** Default `'offline'`; `'mllm'` fails permanently on a worker started without an MLLM. */
  readonly planner?: SowPlanner;
  /** Ablation switches; fields left out are `true`. */
  readonly switches?: Partial<SowSwitches>;
  /** Attention-modulation constants over the defaults. */
  readonly attention?: AttentionModulationConfigOverrides;
  /** COW base settings; default `'reference'`. */
  readonly preset?: CowPresetName;
  /** COW fields over the preset; the box always comes from the plan. */
  readonly config?: Omit<CowConfigOverrides, 'box'>;
}

/**
 * A generation request as plain, serialisable data: what to run and with which inputs and settings.
 * {@link GenerationQueue.enqueue} validates it with the pipelines' own validators before queueing it.
 */
export type GenerationRequest = Txt2ImgRequest | CowRequest | SowRequest;
