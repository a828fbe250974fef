import { type CowConfigOverrides, planSceneRandom, referenceBox, type Txt2ImgConfig } from '@sow/core';
import type { ExperimentJob } from '@sow/eval';
import type { CowRequest, SowRequest, Txt2ImgRequest } from '@sow/queue';

/**
 * What one experiment job asks a pipeline for, as `@sow/queue`'s plain request data without the
 * condition image (the caller adds it as bytes or as a store key): the method, the prompt, the seed,
 * and for COW the box (the condition's, the reference box, or the random baseline's `planSceneRandom`
 * box from the job's seed) and the spec's config with the canvas size filled in.
 */
export type ExperimentRequest =
  | (Txt2ImgRequest & { readonly seed: number })
  | (Omit<CowRequest, 'image' | 'mask'> & {
      readonly seed: number;
      readonly box: NonNullable<CowRequest['box']>;
    })
  | (Omit<SowRequest, 'image' | 'mask' | 'planner'> & { readonly seed: number });

/**
 * Maps an experiment job onto the pipeline request it stands for; the local and the queue executors
 * both run exactly this, so they give the same image for the same job.
 * @example
 * const request = experimentRequest(job); // { method: 'cow', preset: 'reference', box, config, ... }
 */
export function experimentRequest(job: ExperimentJob): ExperimentRequest {
  const { method, prompt, seed } = job;
  const canvas = { width: job.canvas, height: job.canvas };
  if (method.kind === 'txt2img') {
    const { negativePrompt, ...config } = (job.txt2imgConfig ?? {}) as Partial<Txt2ImgConfig> & {
      negativePrompt?: string;
    };
    return {
      method: 'txt2img',
      prompt,
      seed,
      ...(negativePrompt === undefined ? {} : { negativePrompt }),
      config: { ...config, ...canvas },
    };
  }
  const config = { canvasWidth: job.canvas, canvasHeight: job.canvas, ...job.cowConfig } as Omit<
    CowConfigOverrides,
    'box'
  >;
  if (method.kind === 'sow') {
    return {
      method: 'sow',
      prompt,
      seed,
      switches: method.switches,
      ...(method.preset === undefined ? {} : { preset: method.preset }),
      ...(method.attention === undefined ? {} : { attention: method.attention }),
      config,
    };
  }
  const [x, y, width, height] =
    method.kind === 'cow' ? referenceBox(canvas) : planSceneRandom({ prompt, seed, canvas }).box;
  const box = (method.kind === 'cow' ? job.condition.box : undefined) ?? { x, y, width, height };
  return { method: 'cow', prompt, seed, preset: method.preset ?? 'reference', box, config };
}
