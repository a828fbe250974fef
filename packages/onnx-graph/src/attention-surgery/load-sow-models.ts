import {
  createModulatedUNet,
  type ExternalDataFile,
  type LoadStableDiffusionOptions,
  loadStableDiffusion,
  type ModelFolder,
  ModelLoadError,
  type ModelSource,
  type StableDiffusionModels,
  throwIfAborted,
} from '@sow/core';
import { decodeModel } from '../codec.js';
import { externalDataLocations } from '../external-data.js';
import { isLocalDataLocation } from '../is-local-data-location.js';
import type { AttentionPatchOptions } from './patch-self-attention.js';
import { attentionPatchKey, patchSelfAttentionBytes } from './patch-self-attention-bytes.js';

const UNET = 'unet/model.onnx';

/** Where patched UNet graphs are kept between loads, by cache key; a `Map` works. */
export interface PatchedGraphCache {
  /** The patched graph stored under `key`, if any. */
  get(key: string): Uint8Array | undefined;
  /** Stores a patched graph under `key`. */
  set(key: string, bytes: Uint8Array): unknown;
}

/** Options of {@link loadSowModels}: those of core's `loadStableDiffusion` plus the surgery's. */
export interface LoadSowModelsOptions
  extends Omit<LoadStableDiffusionOptions, 'unet'>,
    Omit<ModulatedUNetSourceOptions, 'signal' | 'graph'> {}

/** The external weight files of the graph at `graph`, resolved beside it through the folder. */
async function resolveExternalData(
  folder: ModelFolder,
  graph: string,
  locations: readonly string[],
): Promise<ExternalDataFile[]> {
  const dir = graph.slice(0, graph.lastIndexOf('/') + 1);
  return Promise.all(
    locations.map(async (path) => {
      if (!isLocalDataLocation(path)) {
        throw new ModelLoadError(
          `${folder.location}/${graph}`,
          `external data location ${JSON.stringify(path)} must be a path inside the graph's folder`,
        );
      }
      const source: ModelSource = await folder.modelSource(`${dir}${path}`);
      return { path, data: 'location' in source ? source.location : source.bytes };
    }),
  );
}

/** Options of {@link modulatedUNetSource}. */
export interface ModulatedUNetSourceOptions {
  /** Path of the UNet graph inside the folder; default `unet/model.onnx` (a Stable Diffusion folder). */
  readonly graph?: string;
  /** Options of the attention surgery (part of the cache key). */
  readonly patch?: AttentionPatchOptions;
  /** Keeps patched graphs by {@link attentionPatchKey} so a second load skips the surgery. Default: none. */
  readonly cache?: PatchedGraphCache;
  /** Checked before reading and before returning. */
  readonly signal?: AbortSignal;
}

/**
 * The folder's UNet as a model source patched for SOW's attention modulation: `unet/model.onnx` patched by
 * {@link patchSelfAttentionBytes} (only the small graph file is decoded and re-encoded), with its external
 * weights (`weights.pb`, `model.onnx_data`) handed over by location, untouched: the Node backend lets
 * ONNX Runtime read them from the model folder itself (any size, nothing written anywhere), the web
 * backend streams them from their URLs. Load it with any backend and
 * wrap the session with core's `createModulatedUNet`; {@link loadSowModels} does both.
 * @throws UnsupportedModelError when the UNet has no recognisable (unfused) self-attention.
 * @example
 * const unet = createModulatedUNet(await backend.loadSession(await modulatedUNetSource(folder)));
 */
export async function modulatedUNetSource(
  folder: ModelFolder,
  options: ModulatedUNetSourceOptions = {},
): Promise<ModelSource> {
  const { graph = UNET, patch = {}, cache, signal } = options;
  throwIfAborted(signal);
  const original = await folder.readBytes(graph);
  const key = attentionPatchKey(original, patch);
  let bytes = cache?.get(key);
  if (bytes === undefined) {
    bytes = patchSelfAttentionBytes(original, patch).bytes;
    cache?.set(key, bytes);
  }
  const externalData = await resolveExternalData(folder, graph, externalDataLocations(decodeModel(bytes)));
  throwIfAborted(signal);
  return { bytes, externalData };
}

/**
 * Loads a Stable Diffusion folder for SOW: core's `loadStableDiffusion` with the UNet from
 * {@link modulatedUNetSource} wrapped by `createModulatedUNet`. Shared by the Node and web backends.
 * With modulation strength 0 the patched UNet gives the unpatched output bit for bit, so these models also
 * serve txt2img and COW.
 * @throws UnsupportedModelError when the UNet has no recognisable (unfused) self-attention; otherwise as
 * `loadStableDiffusion`.
 * @example
 * const models = await loadSowModels({ backend, folder: openModelFolder('sd21-base-onnx') });
 * const sow = createSowPipeline(models, { mllm });
 */
export async function loadSowModels(options: LoadSowModelsOptions): Promise<StableDiffusionModels> {
  const source = await modulatedUNetSource(options.folder, options);
  return loadStableDiffusion({ ...options, unet: { source, createRole: createModulatedUNet } });
}
