import { readFile } from 'node:fs/promises';
import {
  createOrtNodeBackend,
  decodeImage,
  encodePng,
  loadStableDiffusionFromDir,
} from '@sow/backend-ort-node';
import {
  createCowPipeline,
  createSowPipeline,
  createTxt2ImgPipeline,
  type MllmModel,
  type ProgressCallback,
  type RgbImage,
} from '@sow/core';
import type { ExperimentExecutor, ExperimentJob, ExperimentOutput } from '@sow/eval';
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

/** The condition's bytes and decoded pixels. */
interface Condition {
  readonly bytes: Uint8Array;
  readonly image: RgbImage;
}

/** The cancellation and progress options every pipeline takes. */
interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressCallback;
}

/** `image/png` or `image/jpeg` from the file's first byte. */
const mimeType = (bytes: Uint8Array) => (bytes[0] === 0x89 ? 'image/png' : 'image/jpeg');

/**
 * An {@link ExperimentExecutor} that runs the pipelines in this process on ONNX Runtime for Node: the
 * models load once; every job runs txt2img, COW, SOW or the random-position baseline (COW at a box from
 * `planSceneRandom` with the job's seed).
 * @example
 * const executor = await createLocalExecutor({ modelDir: 'sd21-base-onnx', device: 'cpu', attentionModulation: true });
 */
export async function createLocalExecutor(options: LocalExecutorOptions): Promise<ExperimentExecutor> {
  const backend = await createOrtNodeBackend({ device: options.device });
  const models = await loadStableDiffusionFromDir(options.modelDir, {
    backend,
    attentionModulation: options.attentionModulation,
  });
  const conditions = new Map<string, Condition>();
  const condition = async (path: string): Promise<Condition> => {
    const cached = conditions.get(path);
    if (cached !== undefined) return cached;
    const bytes = new Uint8Array(await readFile(path));
    const loaded = { bytes, image: decodeImage(bytes) };
    conditions.set(path, loaded);
    return loaded;
  };
  const run = async (job: ExperimentJob, common: RunOptions) => {
    const request = experimentRequest(job);
    if (request.method === 'txt2img') {
      const { prompt, seed, negativePrompt, config } = request;
      return createTxt2ImgPipeline(models).generate({
        ...config,
        prompt,
        ...(negativePrompt === undefined ? {} : { negativePrompt }),
        seed,
        ...common,
      });
    }
    const { image, bytes } = await condition(job.conditionPath);
    if (request.method === 'sow') {
      const { prompt, seed, switches, preset, attention, config } = request;
      return createSowPipeline(models, options.mllm === undefined ? {} : { mllm: options.mllm }).generate({
        image,
        ...(options.mllm === undefined ? {} : { encodedImage: { mimeType: mimeType(bytes), data: bytes } }),
        prompt,
        ...(switches === undefined ? {} : { switches }),
        ...(preset === undefined ? {} : { preset }),
        ...(attention === undefined ? {} : { attention }),
        ...(config === undefined ? {} : { config }),
        seed,
        ...common,
      });
    }
    const { prompt, seed, preset, box, config } = request;
    return createCowPipeline(models).generate({
      image,
      prompt,
      ...(preset === undefined ? {} : { preset }),
      box,
      ...(config === undefined ? {} : { config }),
      seed,
      ...common,
    });
  };
  return {
    async run(job, { signal, onProgress }): Promise<ExperimentOutput> {
      const common: RunOptions = {
        ...(signal === undefined ? {} : { signal }),
        ...(onProgress === undefined ? {} : { onProgress }),
      };
      const result = await run(job, common);
      return experimentOutput(job, encodePng(result.image), result);
    },
    async dispose() {
      await models.dispose();
      await backend.dispose();
    },
  };
}
