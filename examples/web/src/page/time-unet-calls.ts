import { createTensor, encodePrompts, type StableDiffusionModels } from '@sow/core';

/** What {@link timeUNetCalls} measured. */
export interface UNetTiming {
  /** Mean wall time of one guided UNet call (batch 2), in milliseconds, after one warm-up call. */
  readonly msPerCall: number;
  /** Calls timed. */
  readonly calls: number;
  /** Device the models ran on. */
  readonly device: string;
}

/**
 * Times guided UNet calls (batch 2, as classifier-free guidance makes them) on loaded models at a given
 * latent size, with fixed inputs, after one warm-up call. Runs the same in Node and in the browser, so
 * `scripts/bench-web.ts` compares backends on identical work.
 */
export async function timeUNetCalls(
  models: StableDiffusionModels,
  latentSize: number,
  calls: number,
): Promise<UNetTiming> {
  const { embeddings } = await encodePrompts(models, ['', 'a photo of a cat']);
  const n = 2 * 4 * latentSize * latentSize;
  const sample = createTensor(
    'float32',
    [2, 4, latentSize, latentSize],
    Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)),
  );
  const input = { sample, timestep: 500, encoderHiddenStates: embeddings };
  await models.unet.predict(input);
  const started = performance.now();
  for (let i = 0; i < calls; i++) await models.unet.predict(input);
  return { msPerCall: (performance.now() - started) / calls, calls, device: models.device };
}
