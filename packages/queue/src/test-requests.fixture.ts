// Requests for the queue's tests, each with the direct pipeline call it must reproduce byte for byte.
import { encodePng } from '@sow/backend-ort-node';
import {
  createCowPipeline,
  createSowPipeline,
  createTxt2ImgPipeline,
  type NoiseKind,
  type RgbImage,
  type StableDiffusionModels,
} from '@sow/core';
import type { GenerationRequest, Txt2ImgRequest } from './generation-request.js';

/** A 48x48 RGB test card: a warm disc on a dark ground. */
export const CARD: RgbImage = {
  width: 48,
  height: 48,
  channels: 3,
  data: Uint8Array.from({ length: 48 * 48 * 3 }, (_, i) => {
    const p = Math.floor(i / 3);
    return Math.hypot((p % 48) - 24, Math.floor(p / 48) - 24) < 15 ? ([230, 180, 150][i % 3] ?? 0) : 30;
  }),
};
/** {@link CARD} as PNG bytes. */
export const CARD_PNG = encodePng(CARD);

/** A request and the direct pipeline call it stands for. */
export interface TestCase {
  /** What goes into the queue. */
  readonly request: GenerationRequest;
  /** The same generation run directly; returns the image. */
  readonly direct: (models: StableDiffusionModels) => Promise<RgbImage>;
}

const COW_CONFIG = { canvasWidth: 64, canvasHeight: 64, cycles: 1 };

/** A small text-to-image case: 64 px, `steps` steps, sow's default generator or `noise`. */
export function txt2imgCase(
  seed: number,
  steps = 4,
  size = 64,
  noise?: NoiseKind,
): TestCase & { request: Txt2ImgRequest } {
  const config = { steps, width: size, height: size };
  const drawn = noise === undefined ? {} : { noise };
  const prompt = `a photo of a cat ${seed}`;
  return {
    request: { method: 'txt2img', prompt, seed, ...drawn, config },
    direct: async (models) =>
      (await createTxt2ImgPipeline(models).generate({ prompt, seed, ...drawn, ...config })).image,
  };
}

/** A small COW case on a 64 px canvas. */
export function cowCase(seed: number): TestCase {
  const box = { x: 16, y: 0, width: 32, height: 32 };
  return {
    request: {
      method: 'cow',
      prompt: 'a person at a formal event',
      seed,
      image: { bytes: CARD_PNG },
      box,
      config: COW_CONFIG,
    },
    direct: async (models) =>
      (
        await createCowPipeline(models).generate({
          prompt: 'a person at a formal event',
          seed,
          image: CARD,
          box,
          config: COW_CONFIG,
        })
      ).image,
  };
}

/** A small SOW case (offline planner, attention modulation on) on a 64 px canvas. */
export function sowCase(seed: number): TestCase {
  return {
    request: {
      method: 'sow',
      prompt: 'a person at a formal event',
      seed,
      image: { bytes: CARD_PNG },
      config: COW_CONFIG,
    },
    direct: async (models) =>
      (
        await createSowPipeline(models).generate({
          prompt: 'a person at a formal event',
          seed,
          image: CARD,
          encodedImage: { mimeType: 'image/png', data: CARD_PNG },
          config: COW_CONFIG,
        })
      ).image,
  };
}
