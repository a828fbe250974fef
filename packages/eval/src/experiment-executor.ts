import type { ProgressCallback, ScenePlan } from '@sow/core';
import type { ExperimentJob } from './experiment-job.js';
import type { PixelBox } from './pixel-box.js';

/** What an executor returns for one job. */
export interface ExperimentOutput {
  /** The generated image, PNG-encoded. */
  readonly png: Uint8Array;
  /** Where the condition sits on the canvas (absent for text-to-image). */
  readonly box?: PixelBox;
  /** The prompt the model saw (SOW's intensified prompt, or the user's). */
  readonly prompt: string;
  /** The resolved pipeline config. */
  readonly config: unknown;
  /** SOW's scene plan, with provenance. */
  readonly plan?: ScenePlan;
  /** The seed the run used. */
  readonly seed: number | string;
  /** The device the models ran on. */
  readonly device: string;
  /** Wall times in milliseconds (the pipeline's own fields are kept); `totalMs` is the time per image. */
  readonly timings: { readonly totalMs: number };
  /** UNet calls made. */
  readonly unetCalls: number;
  /** Non-fatal problems the pipeline reported. */
  readonly warnings: readonly string[];
}

/**
 * Runs experiment jobs. The runner ({@link runExperiment}) owns resumption, files and progress; an
 * executor only turns a job into an image. The experiments example has two: a local one runs the
 * pipelines in this process; a queue one enqueues the job on `@sow/queue`, waits for a worker's result
 * and returns it.
 */
export interface ExperimentExecutor {
  /** Generates one job's image. Rejects with the signal's reason when aborted. */
  run(
    job: ExperimentJob,
    options: { readonly signal?: AbortSignal; readonly onProgress?: ProgressCallback },
  ): Promise<ExperimentOutput>;
  /** Frees models or connections. */
  dispose?(): Promise<void>;
}
