import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelLoadError } from '../errors/model-load-error.js';
import type { Backend, ModelSource, Session } from '../models/backend.js';
import { checkFiniteSession } from '../models/check-finite-session.js';
import type { UNet } from '../models/roles.js';
import type { ProgressCallback } from '../progress/progress-event.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { createNoiseSchedule, type NoiseSchedule } from '../scheduler/noise-schedule.js';
import type { SchedulerConfigInput } from '../scheduler/scheduler-config.js';
import { createTextEncoder } from './create-text-encoder.js';
import { createUNet } from './create-unet.js';
import { createVaeDecoder } from './create-vae-decoder.js';
import { createVaeEncoder } from './create-vae-encoder.js';
import { loadClipTokenizer } from './load-clip-tokenizer.js';
import type { ModelFolder } from './model-folder.js';
import { folderPath, readJson } from './read-json.js';
import { readVaeScalingFactor } from './read-vae-scaling-factor.js';
import { splitBatchUNet } from './split-batch-unet.js';
import type { StableDiffusionModels } from './stable-diffusion-models.js';

const SCHEDULER_CONFIG = 'scheduler/scheduler_config.json';

/** The noise schedule of the folder's scheduler config; an invalid config is a load error naming the file. */
async function readNoiseSchedule(folder: ModelFolder): Promise<NoiseSchedule> {
  const config = await readJson(folder, SCHEDULER_CONFIG);
  try {
    return createNoiseSchedule(config as SchedulerConfigInput);
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    throw new ModelLoadError(folderPath(folder, SCHEDULER_CONFIG), error.message, { cause: error });
  }
}

/** Options of {@link loadStableDiffusion}. */
export interface LoadStableDiffusionOptions {
  /** Backend that loads the four ONNX models (and so picks the device). */
  readonly backend: Backend;
  /** The Stable Diffusion folder (diffusers/Optimum layout). */
  readonly folder: ModelFolder;
  /** Checked before each file and model is loaded; an abort disposes what was loaded. */
  readonly signal?: AbortSignal;
  /** Receives `phase-start`/`phase-end` for phase `load` and a `download` event per model read as bytes. */
  readonly onProgress?: ProgressCallback;
  /**
   * Check every model output for NaN and ±Infinity and reject with `NumericalError` (see
   * `checkFiniteSession`) rather than return a black image. Default true; its cost is one pass over
   * the outputs.
   */
  readonly checkFinite?: boolean;
  /**
   * Replaces how the UNet is loaded, e.g. with a patched graph for SOW's attention modulation
   * (`loadSowModels` in `@sow/onnx-graph`): the model source to open instead of `unet/model.onnx`,
   * and the role built over its session. The session is still owned and disposed by the result.
   */
  readonly unet?: {
    /** Source of the UNet graph to open. */
    readonly source: ModelSource;
    /** Builds the UNet role over the opened session. */
    readonly createRole: (session: Session) => UNet;
  };
  /**
   * Low-memory mode: run UNet calls with a larger batch as sub-batches of at most this many items (see
   * {@link splitBatchUNet}; 2 or 1 for a COW cycle call of 4). Same results, lower peak memory, slower.
   * Default: whole batches.
   */
  readonly unetMaxBatch?: number;
}

/**
 * Loads a Stable Diffusion folder in the diffusers/Optimum layout as {@link StableDiffusionModels}:
 * `model_index.json`, the noise schedule from `scheduler/scheduler_config.json`, the CLIP tokenizer
 * from `tokenizer/` (pad id from its config), the VAE scaling factor from `vae_decoder/config.json`
 * or `vae_encoder/config.json` (default 0.18215), and the four ONNX roles (`text_encoder`, `unet`,
 * `vae_encoder`, `vae_decoder`, each `model.onnx`), adapted to their exporter. On any failure the sessions
 * already opened are disposed before the error propagates.
 * @throws ModelLoadError naming the path of a missing or unreadable file; ModelIOError when a model's
 * inputs or outputs do not fit its role; the signal's reason when aborted. The models' calls reject with
 * `NumericalError` when an output holds NaN or ±Infinity (unless `checkFinite: false`).
 * @see ../shared/spec/onnx-models.md sections 1.8 and 2
 * @example
 * const models = await loadStableDiffusion({ backend, folder });
 * const { image } = await createTxt2ImgPipeline(models).generate({ prompt: 'a photo of a cat', seed: 1 });
 * await models.dispose();
 */
export async function loadStableDiffusion(
  options: LoadStableDiffusionOptions,
): Promise<StableDiffusionModels> {
  const { backend, folder, signal, onProgress, unet: unetLoader, checkFinite = true } = options;
  const started = performance.now();
  onProgress?.({ type: 'phase-start', phase: 'load' });
  throwIfAborted(signal);
  await readJson(folder, 'model_index.json');
  const schedule = await readNoiseSchedule(folder);
  const tokenizer = await loadClipTokenizer(folder);
  const scalingFactor = await readVaeScalingFactor(folder);

  const sessions: Session[] = [];
  const dispose = async () => {
    await Promise.all(sessions.map((s) => s.dispose()));
  };
  const open = async (role: string, override?: ModelSource): Promise<Session> => {
    throwIfAborted(signal);
    const path = `${role}/model.onnx`;
    const source = override ?? (await folder.modelSource(path));
    if ('bytes' in source) {
      const total =
        source.bytes.length +
        (source.externalData ?? []).reduce((n, f) => n + (typeof f.data === 'string' ? 0 : f.data.length), 0);
      onProgress?.({ type: 'download', location: folderPath(folder, path), loaded: total, total });
    }
    const session = await backend.loadSession(source, signal ? { signal } : {});
    sessions.push(session);
    return checkFinite ? checkFiniteSession(role, session) : session;
  };
  try {
    const textEncoder = createTextEncoder(await open('text_encoder'));
    const role =
      unetLoader === undefined
        ? createUNet(await open('unet'))
        : unetLoader.createRole(await open('unet', unetLoader.source));
    const unet = options.unetMaxBatch === undefined ? role : splitBatchUNet(role, options.unetMaxBatch);
    const vaeEncoder = createVaeEncoder(await open('vae_encoder'), { scalingFactor });
    const vaeDecoder = createVaeDecoder(await open('vae_decoder'), { scalingFactor });
    onProgress?.({ type: 'phase-end', phase: 'load', ms: performance.now() - started });
    return {
      tokenizer,
      textEncoder,
      unet,
      vaeEncoder,
      vaeDecoder,
      schedule,
      device: backend.device,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
