import { encodePng, readImage } from '@sow/backend-ort-node';
import { createCowSeed, planSceneRandom, referenceBox, resolveCowConfig } from '@sow/core';
import type { ExperimentExecutor, PixelBox } from '@sow/eval';

/** The checkerboard noise the paste executor adds, +-NOISE per byte (before clamping). */
export const PASTE_NOISE = 3;

/**
 * A test executor with known output: the condition pasted on COW's gray canvas at the job's box (the
 * reference box, or `planSceneRandom`'s for the random-position baseline), plus +-3 checkerboard noise.
 * The evaluation must find the condition's face in the box at a small ID distance, and PSNR near
 * 20 log10(255 / 3) dB.
 */
export function createPasteExecutor(): ExperimentExecutor {
  return {
    async run(job) {
      const started = performance.now();
      const canvas = { width: job.canvas, height: job.canvas };
      const [x, y, width, height] =
        job.method.kind === 'random-position'
          ? planSceneRandom({ prompt: job.prompt, seed: job.seed, canvas }).box
          : referenceBox(canvas);
      const wanted: PixelBox = job.condition.box ?? { x, y, width, height };
      const config = resolveCowConfig('reference', {
        canvasWidth: job.canvas,
        canvasHeight: job.canvas,
        box: wanted,
      });
      const pasted = createCowSeed({ image: await readImage(job.conditionPath), config }).canvasImage;
      const data = pasted.data.map((v, i) => {
        const p = Math.floor(i / pasted.channels);
        const sign = ((p % pasted.width) + Math.floor(p / pasted.width)) % 2 === 0 ? 1 : -1;
        return Math.min(255, Math.max(0, v + sign * PASTE_NOISE));
      });
      return {
        png: encodePng({ ...pasted, data }),
        box: config.box,
        prompt: job.prompt,
        config,
        seed: job.seed,
        device: 'cpu',
        timings: { totalMs: performance.now() - started },
        unetCalls: 0,
        warnings: [],
      };
    },
  };
}
