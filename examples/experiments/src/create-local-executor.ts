import { readFile } from 'node:fs/promises';
import {
  createOrtNodeBackend,
  decodeImage,
  encodePng,
  loadStableDiffusionFromDir,
} from '@sow/backend-ort-node';
import {
  type CowConfigOverrides,
  type CowPresetName,
  createCowPipeline,
  createSowPipeline,
  createTxt2ImgPipeline,
  type MllmModel,
  type ProgressCallback,
  planSceneRandom,
  type RgbImage,
  referenceBox,
} from '@sow/core';
import type { ExperimentExecutor, ExperimentJob, ExperimentOutput, PixelBox } from '@sow/eval';

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
    const { method, prompt, seed } = job;
    const canvas = { width: job.canvas, height: job.canvas };
    if (method.kind === 'txt2img') {
      const r = await createTxt2ImgPipeline(models).generate({
        ...job.txt2imgConfig,
        ...canvas,
        prompt,
        seed,
        ...common,
      });
      return { result: r, prompt, box: undefined };
    }
    const { image, bytes } = await condition(job.conditionPath);
    const config = { canvasWidth: job.canvas, canvasHeight: job.canvas, ...job.cowConfig } as Omit<
      CowConfigOverrides,
      'box'
    >;
    if (method.kind === 'sow') {
      const r = await createSowPipeline(
        models,
        options.mllm === undefined ? {} : { mllm: options.mllm },
      ).generate({
        image,
        ...(options.mllm === undefined ? {} : { encodedImage: { mimeType: mimeType(bytes), data: bytes } }),
        prompt,
        switches: method.switches,
        ...(method.preset === undefined ? {} : { preset: method.preset }),
        ...(method.attention === undefined ? {} : { attention: method.attention }),
        config,
        seed,
        ...common,
      });
      return {
        result: r,
        prompt: r.switches.promptIntensification ? r.plan.prompt : prompt,
        box: r.config.box,
        plan: r.plan,
      };
    }
    let box: PixelBox;
    let preset: CowPresetName = 'reference';
    if (method.kind === 'cow') {
      const [x, y, width, height] = referenceBox(canvas);
      box = job.condition.box ?? { x, y, width, height };
      preset = method.preset;
    } else {
      const [x, y, width, height] = planSceneRandom({ prompt, seed, canvas }).box;
      box = { x, y, width, height };
      preset = method.preset ?? preset;
    }
    const r = await createCowPipeline(models).generate({
      image,
      prompt,
      preset,
      box,
      config,
      seed,
      ...common,
    });
    return { result: r, prompt, box: r.config.box };
  };
  return {
    async run(job, { signal, onProgress }): Promise<ExperimentOutput> {
      const common: RunOptions = {
        ...(signal === undefined ? {} : { signal }),
        ...(onProgress === undefined ? {} : { onProgress }),
      };
      const { result, prompt, box, ...rest } = await run(job, common);
      return {
        png: encodePng(result.image),
        ...(box === undefined ? {} : { box }),
        prompt,
        config: result.config,
        ...('plan' in rest && rest.plan !== undefined ? { plan: rest.plan } : {}),
        seed: typeof result.seed === 'bigint' ? result.seed.toString() : result.seed,
        device: result.device,
        timings: result.timings,
        unetCalls: result.unetCalls,
        warnings: result.warnings,
      };
    },
    async dispose() {
      await models.dispose();
      await backend.dispose();
    },
  };
}
