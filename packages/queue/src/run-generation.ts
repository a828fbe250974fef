import { decodeImage } from '@sow/backend-ort-node';
import {
  type AttentionModulationConfig,
  type CowConfig,
  type CowTimings,
  createCowPipeline,
  createSowPipeline,
  createTxt2ImgPipeline,
  InvalidArgumentError,
  type MllmModel,
  type NoiseKind,
  type ProgressCallback,
  type RgbImage,
  type ScenePlan,
  type SowSwitches,
  type StableDiffusionModels,
  type Txt2ImgConfig,
  type Txt2ImgTimings,
} from '@sow/core';
import type { ImageFingerprint } from './generation-record.js';
import type { GenerationRequest } from './generation-request.js';
import { sha256Hex } from './sha256-hex.js';

/** A decoded input image with its encoded bytes and fingerprint. */
interface DecodedInput {
  readonly image: RgbImage;
  readonly bytes: Uint8Array;
  readonly fingerprint: ImageFingerprint;
}

/** Inputs of {@link runGeneration}. */
export interface RunGenerationArgs {
  /** Loaded models. */
  readonly models: StableDiffusionModels;
  /** The MLLM for `planner: 'mllm'` SOW requests. */
  readonly mllm?: MllmModel;
  /** A validated request whose image inputs are bytes (store keys already read). */
  readonly request: GenerationRequest & { readonly seed: number | string };
  /** Aborts the pipeline between model calls. */
  readonly signal?: AbortSignal;
  /** Receives the pipeline's progress events. */
  readonly onProgress?: ProgressCallback;
}

/** What {@link runGeneration} returns: the image and what a record needs. */
export interface GenerationRun {
  /** The generated image. */
  readonly image: RgbImage;
  /** The resolved config. */
  readonly config: Txt2ImgConfig | CowConfig;
  /** Device the models ran on. */
  readonly device: string;
  /** UNet calls made. */
  readonly unetCalls: number;
  /** The pipeline's warnings. */
  readonly warnings: readonly string[];
  /** The pipeline's timings. */
  readonly timings: Txt2ImgTimings | CowTimings;
  /** The generator the seed drove. */
  readonly noise: NoiseKind;
  /** Fingerprints of the inputs. */
  readonly inputs: { readonly image?: ImageFingerprint; readonly mask?: ImageFingerprint };
  /** SOW: the plan, switches and attention constants. */
  readonly plan?: ScenePlan;
  /** SOW: the switches. */
  readonly switches?: SowSwitches;
  /** SOW: the attention constants, when modulation ran. */
  readonly attention?: AttentionModulationConfig;
}

const FN = 'runGeneration';

function decodeInput(input: unknown, argument: string): DecodedInput {
  const bytes = (input as { bytes?: unknown } | undefined)?.bytes;
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(FN, argument, 'image bytes (store keys are read before the run)', input);
  }
  const image = decodeImage(bytes);
  const sha256 = sha256Hex(bytes);
  return {
    image,
    bytes,
    fingerprint: { sha256, bytes: bytes.length, width: image.width, height: image.height },
  };
}

/** PNG or JPEG, from the signature (the bytes were validated at enqueue). */
const mimeType = (bytes: Uint8Array) => (bytes[0] === 0x89 ? 'image/png' : 'image/jpeg');

/**
 * Runs one request on loaded models with the library's pipelines, exactly as a direct call would (same
 * options, same seed), so a queued result is byte-identical to running the pipeline yourself.
 * @throws InvalidArgumentError for `planner: 'mllm'` without an MLLM; whatever the pipeline throws.
 * @example
 * const run = await runGeneration({ models, request: { method: 'txt2img', prompt: 'a cat', seed: 1 } });
 */
export async function runGeneration(args: RunGenerationArgs): Promise<GenerationRun> {
  const { models, request } = args;
  const common = {
    seed: request.seed,
    ...(request.noise === undefined ? {} : { noise: request.noise }),
    ...(args.signal === undefined ? {} : { signal: args.signal }),
    ...(args.onProgress === undefined ? {} : { onProgress: args.onProgress }),
  };
  if (request.method === 'txt2img') {
    const result = await createTxt2ImgPipeline(models).generate({
      ...request.config,
      prompt: request.prompt,
      ...(request.negativePrompt === undefined ? {} : { negativePrompt: request.negativePrompt }),
      ...common,
    });
    return { ...pick(result), inputs: {} };
  }
  const image = decodeInput(request.image, 'image');
  const mask = request.mask === undefined ? undefined : decodeInput(request.mask, 'mask');
  const inputs = {
    image: image.fingerprint,
    ...(mask === undefined ? {} : { mask: mask.fingerprint }),
  };
  const shared = {
    image: image.image,
    ...(mask === undefined ? {} : { mask: mask.image }),
    prompt: request.prompt,
    ...(request.preset === undefined ? {} : { preset: request.preset }),
    ...common,
  };
  if (request.method === 'cow') {
    const result = await createCowPipeline(models).generate({
      ...shared,
      ...(request.box === undefined ? {} : { box: request.box }),
      ...(request.config === undefined ? {} : { config: request.config }),
    });
    return { ...pick(result), inputs };
  }
  if (request.planner === 'mllm' && args.mllm === undefined) {
    throw new InvalidArgumentError(FN, 'planner', "'offline' (this worker has no MLLM)", 'mllm');
  }
  const sow = createSowPipeline(models, request.planner === 'mllm' && args.mllm ? { mllm: args.mllm } : {});
  const result = await sow.generate({
    ...shared,
    seed: request.seed as number,
    encodedImage: { mimeType: mimeType(image.bytes), data: image.bytes },
    ...(request.switches === undefined ? {} : { switches: request.switches }),
    ...(request.attention === undefined ? {} : { attention: request.attention }),
    ...(request.config === undefined ? {} : { config: request.config }),
  });
  return {
    ...pick(result),
    inputs,
    plan: result.plan,
    switches: result.switches,
    ...(result.attention === undefined ? {} : { attention: result.attention }),
  };
}

function pick(result: {
  image: RgbImage;
  config: Txt2ImgConfig | CowConfig;
  device: string;
  unetCalls: number;
  warnings: readonly string[];
  timings: Txt2ImgTimings | CowTimings;
  noise: NoiseKind;
}) {
  const { image, config, device, unetCalls, warnings, timings, noise } = result;
  return { image, config, device, unetCalls, warnings, timings, noise };
}
