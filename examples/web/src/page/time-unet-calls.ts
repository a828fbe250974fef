import { createTensor, encodePrompts, type StableDiffusionModels } from '@sow/core';

/** One timed UNet call: its wall time and the part spent inside `session.run`, in milliseconds. */
export interface UNetCallTime {
  /** Wall time of `unet.predict`. */
  readonly ms: number;
  /** Time inside the runtime's `session.run` (the rest is our input checks, conversions and copies). */
  readonly runMs: number;
}

/** Times single guided UNet calls on fixed inputs; see {@link createUNetCallTimer}. */
export interface UNetCallTimer {
  /** Runs and times one call. */
  call(): Promise<UNetCallTime>;
}

/**
 * Prepares guided UNet calls (batch 2, as classifier-free guidance makes them) on loaded models at a given
 * latent size, with fixed inputs, and times them one at a time, so that `scripts/bench-web.ts` can
 * alternate calls in the browser and in Node (paired ratios). `runMs` reads the time spent inside
 * `session.run` so far (see `withRunTimer`). Runs the same in Node and in the browser.
 */
export async function createUNetCallTimer(
  models: StableDiffusionModels,
  latentSize: number,
  runMs: () => number,
): Promise<UNetCallTimer> {
  const { embeddings } = await encodePrompts(models, ['', 'a photo of a cat']);
  const n = 2 * 4 * latentSize * latentSize;
  const sample = createTensor(
    'float32',
    [2, 4, latentSize, latentSize],
    Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)),
  );
  const input = { sample, timestep: 500, encoderHiddenStates: embeddings };
  return {
    async call() {
      const run0 = runMs();
      const started = performance.now();
      await models.unet.predict(input);
      return { ms: performance.now() - started, runMs: runMs() - run0 };
    },
  };
}
