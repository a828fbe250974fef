import { decodeImage } from '@sow/backend-ort-node';
import {
  COW_PRESETS,
  checkCowSeedInputs,
  createNoiseGenerator,
  createSeededNoise,
  DEFAULT_ATTENTION_MODULATION_CONFIG,
  DEFAULT_TXT2IMG_CONFIG,
  InvalidArgumentError,
  type RgbImage,
  resolveAttentionModulationConfig,
  resolveCowConfigAs,
  resolveTxt2ImgConfig,
} from '@sow/core';
import type { GenerationLimits } from './generation-limits.js';
import type { GenerationRequest, ImageInput } from './generation-request.js';

/** Reads the bytes of an input image: inline bytes as they are, a store key from the store. */
export type InputReader = (input: ImageInput, argument: string) => Promise<Uint8Array>;

const METHODS = ['txt2img', 'cow', 'sow'] as const;
const SWITCHES = ['adaptivePosition', 'attentionModulation', 'promptIntensification'];
const FIELDS: Record<string, readonly string[]> = {
  txt2img: ['method', 'prompt', 'seed', 'noise', 'negativePrompt', 'config'],
  cow: ['method', 'prompt', 'seed', 'noise', 'image', 'mask', 'box', 'preset', 'config'],
  sow: [
    'method',
    'prompt',
    'seed',
    'noise',
    'image',
    'mask',
    'planner',
    'switches',
    'attention',
    'preset',
    'config',
  ],
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks that `value` is a plain object whose keys are all in `known`. */
function checkFields(fn: string, argument: string, value: unknown, known: readonly string[]): void {
  if (!isObject(value)) throw new InvalidArgumentError(fn, argument, 'an object', value);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(fn, `${argument}.${key}`, `one of the fields ${known.join(', ')}`, key);
    }
  }
}

/** Checks an image input's form and size, then decodes it with the pixel bound. */
async function decodeInput(
  fn: string,
  argument: string,
  input: unknown,
  limits: GenerationLimits,
  read: InputReader,
): Promise<RgbImage> {
  const form = isObject(input) && (input.bytes instanceof Uint8Array || typeof input.key === 'string');
  if (!form || Object.keys(input).length !== 1) {
    throw new InvalidArgumentError(fn, argument, '{ bytes: Uint8Array } or { key: string }', input);
  }
  const bytes = await read(input as ImageInput, argument);
  if (bytes.length > limits.maxImageBytes) {
    throw new InvalidArgumentError(
      fn,
      argument,
      `an encoded image of at most ${limits.maxImageBytes} bytes`,
      `${bytes.length} bytes`,
    );
  }
  return asArgument(fn, argument, () => decodeImage(bytes, { maxPixels: limits.maxImagePixels }));
}

/** Runs a validator, reporting its `InvalidArgumentError` as one about the request's `argument`. */
function asArgument<T>(fn: string, argument: string, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    const e = error as InvalidArgumentError;
    throw new InvalidArgumentError(fn, argument, e.expected, e.received, { cause: error });
  }
}

/**
 * Validates a generation request with the pipelines' own validators (config resolution, COW seed
 * building, attention constants, seed parsing) and decodes its images within the limits, so that a
 * request that passes here fails in a worker only for reasons the request cannot show (models, MLLM).
 * Returns the request with the seed filled in (drawn when absent), ready to queue.
 * @param fn - The API named in errors, e.g. `'GenerationQueue.enqueue'`.
 * @throws InvalidArgumentError naming the request field at fault.
 * @example
 * const ready = await validateGenerationRequest(request, DEFAULT_GENERATION_LIMITS, readInput, 'enqueue');
 */
export async function validateGenerationRequest(
  request: GenerationRequest,
  limits: GenerationLimits,
  read: InputReader,
  fn: string,
): Promise<GenerationRequest & { readonly seed: number | string }> {
  if (!isObject(request)) throw new InvalidArgumentError(fn, 'request', 'a request object', request);
  const method = request.method as string;
  if (!METHODS.includes(method as (typeof METHODS)[number])) {
    throw new InvalidArgumentError(fn, 'method', `one of ${METHODS.join(', ')}`, method);
  }
  checkFields(fn, 'request', request, FIELDS[method] ?? []);
  const { prompt } = request;
  if (typeof prompt !== 'string' || prompt.length > limits.maxPromptLength) {
    throw new InvalidArgumentError(
      fn,
      'prompt',
      `a string of at most ${limits.maxPromptLength} characters`,
      prompt,
    );
  }
  const seed = request.seed ?? Math.floor(Math.random() * 2 ** 32);
  if (method === 'sow' && !(Number.isSafeInteger(seed) && (seed as number) >= 0)) {
    throw new InvalidArgumentError(fn, 'seed', 'a non-negative integer (SOW)', seed);
  }
  if (typeof seed !== 'number' && typeof seed !== 'string') {
    throw new InvalidArgumentError(fn, 'seed', 'a non-negative integer or a non-empty string', seed);
  }
  asArgument(fn, 'seed', () => createNoiseGenerator(seed));
  const { noise } = request;
  if (noise !== undefined) {
    if (noise !== 'philox' && noise !== 'torch-cpu') {
      throw new InvalidArgumentError(fn, 'noise', "'philox' or 'torch-cpu'", noise);
    }
    asArgument(fn, 'seed', () => createSeededNoise(seed, noise, fn));
  }

  if (request.method === 'txt2img') {
    if (request.negativePrompt !== undefined && typeof request.negativePrompt !== 'string') {
      throw new InvalidArgumentError(fn, 'negativePrompt', 'a string', request.negativePrompt);
    }
    const config = request.config ?? {};
    checkFields(fn, 'config', config, Object.keys(DEFAULT_TXT2IMG_CONFIG));
    resolveTxt2ImgConfig(config, fn);
    return { ...request, seed };
  }

  const preset = request.preset ?? 'reference';
  if (typeof preset !== 'string' || !Object.hasOwn(COW_PRESETS, preset)) {
    throw new InvalidArgumentError(fn, 'preset', `one of ${Object.keys(COW_PRESETS).join(', ')}`, preset);
  }
  const overrides = request.config ?? {};
  if (!isObject(overrides)) throw new InvalidArgumentError(fn, 'config', 'an object', overrides);
  let box = request.method === 'cow' ? request.box : undefined;
  if (request.method === 'sow') {
    if ('box' in overrides) {
      throw new InvalidArgumentError(fn, 'config.box', 'absent (SOW plans the box)', overrides.box);
    }
    const planner = request.planner ?? 'offline';
    if (planner !== 'mllm' && planner !== 'offline') {
      throw new InvalidArgumentError(fn, 'planner', "'mllm' or 'offline'", planner);
    }
    const switches = request.switches ?? {};
    checkFields(fn, 'switches', switches, SWITCHES);
    for (const [key, value] of Object.entries(switches)) {
      if (typeof value !== 'boolean')
        throw new InvalidArgumentError(fn, `switches.${key}`, 'a boolean', value);
    }
    if (request.attention !== undefined) {
      checkFields(fn, 'attention', request.attention, Object.keys(DEFAULT_ATTENTION_MODULATION_CONFIG));
      resolveAttentionModulationConfig(request.attention);
    }
    box = { x: 0, y: 0, width: 8, height: 8 }; // as the SOW pipeline: the real box comes from the plan
  }
  resolveCowConfigAs(fn, preset, box === undefined ? overrides : { ...overrides, box });
  const image = await decodeInput(fn, 'image', request.image, limits, read);
  const mask =
    request.mask === undefined ? undefined : await decodeInput(fn, 'mask', request.mask, limits, read);
  checkCowSeedInputs(fn, image, mask);
  return { ...request, seed };
}
