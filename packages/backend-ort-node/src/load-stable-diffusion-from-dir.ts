import {
  type Backend,
  loadStableDiffusion,
  type ProgressCallback,
  type StableDiffusionModels,
} from '@sow/core';
import { loadSowModels, type PatchedGraphCache } from '@sow/onnx-graph';
import { openModelFolder } from './open-model-folder.js';

/** Options of {@link loadStableDiffusionFromDir}. */
export interface LoadStableDiffusionFromDirOptions {
  /** Backend that loads the four ONNX models, e.g. `await createOrtNodeBackend({ device: 'cpu' })`. */
  readonly backend: Backend;
  /** Checked before each file and model is loaded; an abort disposes what was loaded. */
  readonly signal?: AbortSignal;
  /** Receives the loader's progress events. */
  readonly onProgress?: ProgressCallback;
  /**
   * Patch the UNet graph for SOW's dynamic attention modulation (`loadSowModels` from `@sow/onnx-graph`).
   * The patched UNet also serves txt2img and COW unchanged (modulation off). Default false.
   */
  readonly attentionModulation?: boolean;
  /** With `attentionModulation`: keeps patched graphs between loads, e.g. a `Map`. */
  readonly patchCache?: PatchedGraphCache;
  /** Low-memory mode: UNet calls as sub-batches of at most this many items (core's `splitBatchUNet`). */
  readonly unetMaxBatch?: number;
}

/**
 * Loads a Stable Diffusion folder from the local file system (diffusers/Optimum ONNX layout): core's
 * `loadStableDiffusion` over {@link openModelFolder}, or `loadSowModels` with `attentionModulation`.
 * @param dir - Path of the folder holding `model_index.json`.
 * @throws ModelLoadError naming the path of a missing folder or file, or a corrupt model; ModelIOError
 * when a model does not fit its role.
 * @example
 * const backend = await createOrtNodeBackend({ device: 'cpu' });
 * const models = await loadStableDiffusionFromDir('./stable-diffusion-2-1-base-onnx', { backend });
 * const { image } = await createTxt2ImgPipeline(models).generate({ prompt: 'a photo of a cat', seed: 1 });
 * await writePng('cat.png', image);
 */
export async function loadStableDiffusionFromDir(
  dir: string,
  options: LoadStableDiffusionFromDirOptions,
): Promise<StableDiffusionModels> {
  const { attentionModulation = false, patchCache, ...rest } = options;
  const folder = openModelFolder(dir);
  if (!attentionModulation) return loadStableDiffusion({ ...rest, folder });
  return loadSowModels({ ...rest, folder, ...(patchCache === undefined ? {} : { cache: patchCache }) });
}
