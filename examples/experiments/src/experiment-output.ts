import type { CowConfig, ScenePlan, SowSwitches, Txt2ImgConfig } from '@sow/core';
import type { ExperimentJob, ExperimentOutput } from '@sow/eval';

/** What a pipeline run (local, or a queue worker's record) reports about one image. */
export interface ExperimentRun {
  /** The resolved config. */
  readonly config: Txt2ImgConfig | CowConfig;
  /** SOW: the scene plan. */
  readonly plan?: ScenePlan;
  /** SOW: the switches in effect. */
  readonly switches?: SowSwitches;
  /** The seed the run used. */
  readonly seed: number | string | bigint;
  /** The device the models ran on. */
  readonly device: string;
  /** Wall times in milliseconds, with `totalMs`. */
  readonly timings: { readonly totalMs: number };
  /** UNet calls made. */
  readonly unetCalls: number;
  /** Non-fatal problems. */
  readonly warnings: readonly string[];
}

/**
 * The {@link ExperimentOutput} of a job from its PNG and its run: the box from the resolved COW config,
 * the prompt the model saw (SOW's intensified one when PI is on), the seed as a number or string.
 * @example
 * return experimentOutput(job, encodePng(result.image), result);
 */
export function experimentOutput(job: ExperimentJob, png: Uint8Array, run: ExperimentRun): ExperimentOutput {
  const box = 'box' in run.config ? run.config.box : undefined;
  const intensified = run.switches?.promptIntensification === true && run.plan !== undefined;
  return {
    png,
    ...(box === undefined ? {} : { box }),
    prompt: intensified && run.plan ? run.plan.prompt : job.prompt,
    config: run.config,
    ...(run.plan === undefined ? {} : { plan: run.plan }),
    seed: typeof run.seed === 'bigint' ? run.seed.toString() : run.seed,
    device: run.device,
    timings: run.timings,
    unetCalls: run.unetCalls,
    warnings: run.warnings,
  };
}
