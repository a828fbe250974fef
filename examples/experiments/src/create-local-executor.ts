import { readFile } from 'node:fs/promises';
import { createOrtNodeBackend, encodePng, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import type { MllmModel } from '@sow/core';
import type { ExperimentExecutor, ExperimentOutput } from '@sow/eval';
import { runGeneration } from '@sow/queue';
import { experimentOutput } from './experiment-output.js';
import { experimentRequest } from './experiment-request.js';

/** Options of {@link createLocalExecutor}. */
export interface LocalExecutorOptions {
  /** Stable Diffusion ONNX folder (diffusers or Optimum layout). */
  readonly modelDir: string;
  /** ONNX Runtime device. */
  readonly device: 'cpu' | 'cuda';
  /** Patch the UNet for SOW's attention modulation (needed when a SOW method has DAM on). */
  readonly attentionModulation: boolean;
  /** SOW's planner (stages 1-3); without it SOW plans offline (reference box, prompt unchanged). */
  readonly mllm?: MllmModel;
}

/**
 * An {@link ExperimentExecutor} that runs the pipelines in this process on ONNX Runtime for Node: the
 * models load once; every job runs txt2img, COW, SOW or the random-position baseline (COW at a box from
 * `planSceneRandom` with the job's seed) through `@sow/queue`'s `runGeneration`, exactly as a queue
 * worker runs the same request.
 * @example
 * const executor = await createLocalExecutor({ modelDir: 'sd21-base-onnx', device: 'cpu', attentionModulation: true });
 */
export async function createLocalExecutor(options: LocalExecutorOptions): Promise<ExperimentExecutor> {
  const backend = await createOrtNodeBackend({ device: options.device });
  const models = await loadStableDiffusionFromDir(options.modelDir, {
    backend,
    attentionModulation: options.attentionModulation,
  });
  const conditions = new Map<string, Uint8Array>();
  const conditionBytes = async (path: string): Promise<Uint8Array> => {
    let bytes = conditions.get(path);
    if (bytes === undefined) {
      bytes = new Uint8Array(await readFile(path));
      conditions.set(path, bytes);
    }
    return bytes;
  };
  const planner = options.mllm === undefined ? 'offline' : 'mllm';
  return {
    async run(job, { signal, onProgress }): Promise<ExperimentOutput> {
      const request = experimentRequest(job);
      const run = await runGeneration({
        models,
        ...(options.mllm === undefined ? {} : { mllm: options.mllm }),
        request:
          request.method === 'txt2img'
            ? request
            : {
                ...request,
                image: { bytes: await conditionBytes(job.conditionPath) },
                ...(request.method === 'sow' ? { planner } : {}),
              },
        ...(signal === undefined ? {} : { signal }),
        ...(onProgress === undefined ? {} : { onProgress }),
      });
      return experimentOutput(job, encodePng(run.image), { ...run, seed: job.seed });
    },
    async dispose() {
      await models.dispose();
      await backend.dispose();
    },
  };
}
