import {
  isHubModelId,
  type LoadStableDiffusionOptions,
  loadStableDiffusion,
  type StableDiffusionModels,
} from '@sow/core';
import { loadSowModels, type PatchedGraphCache } from '@sow/onnx-graph';
import { downloadHubModel } from './download-hub-model.js';
import type { HubModelOptions } from './hub-model-options.js';
import { openModelFolder } from './open-model-folder.js';

/**
 * Options of {@link loadStableDiffusionFromDir}: core's `loadStableDiffusion` options (backend, signal,
 * progress, `checkFinite`, `unetMaxBatch`) less the folder and UNet, which come from `dir`, plus these.
 */
export interface LoadStableDiffusionFromDirOptions
  extends Omit<LoadStableDiffusionOptions, 'folder' | 'unet'> {
  /**
   * Patch the UNet graph for SOW's dynamic attention modulation (`loadSowModels` from `@sow/onnx-graph`).
   * The patched UNet also serves txt2img and COW unchanged (modulation off). Only the graph is patched, in
   * memory; ONNX Runtime reads its external weights from the folder itself (any size, the folder is not
   * written). Default false.
   */
  readonly attentionModulation?: boolean;
  /** With `attentionModulation`: keeps patched graphs between loads, e.g. a `Map`. */
  readonly patchCache?: PatchedGraphCache;
  /** Token, endpoint, cache, offline mode and precision for an `hf:` model id (see `downloadHubModel`). */
  readonly hub?: HubModelOptions;
}

/**
 * Loads a Stable Diffusion folder from the local file system (diffusers/Optimum ONNX layout): core's
 * `loadStableDiffusion` over {@link openModelFolder}, or `loadSowModels` with `attentionModulation`. An
 * `hf:owner/name[@revision][/subfolder]` id is first brought into the Hugging Face cache by
 * {@link downloadHubModel} (options in `hub`, progress as `download` events).
 * @param dir - Path of the folder holding `model_index.json`, or an `hf:` model id.
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
  const { attentionModulation = false, patchCache, hub, ...rest } = options;
  const local = isHubModelId(dir) ? await downloadHubModel(dir, { ...hub, ...rest }) : { dir, aliases: {} };
  const folder = openModelFolder(local.dir, { aliases: local.aliases });
  if (!attentionModulation) return loadStableDiffusion({ ...rest, folder });
  return loadSowModels({ ...rest, folder, ...(patchCache === undefined ? {} : { cache: patchCache }) });
}
