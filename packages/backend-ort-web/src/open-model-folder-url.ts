import {
  hubFolderUrl,
  InvalidArgumentError,
  isHubModelId,
  type ModelFolder,
  ModelLoadError,
  type ModelSource,
  parseHubModelId,
} from '@sow/core';
import { fetchModelFile, modelFileExists } from './fetch-model-file.js';

/** Options of {@link openModelFolderUrl}. */
export interface ModelFolderUrlOptions {
  /**
   * Cache Storage cache for the folder's config and tokenizer files, or `false` for none; use the same
   * name as the backend's `cache` so a visit with the files cached works offline. Default `'sow-models'`.
   */
  readonly cache?: string | false;
  /** Aborts the folder's requests. Default none. */
  readonly signal?: AbortSignal;
  /** The Hugging Face Hub or a mirror that `hf:` ids resolve against. Default `https://huggingface.co`. */
  readonly endpoint?: string;
}

/** The folder URL with a trailing slash, resolved against the page when relative; `hf:` ids via the Hub. */
function folderUrl(baseUrl: string | URL, endpoint?: string): string {
  if (isHubModelId(baseUrl)) return hubFolderUrl(parseHubModelId(baseUrl), endpoint);
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(String(baseUrl), base);
  } catch {
    throw new InvalidArgumentError(
      'openModelFolderUrl',
      'baseUrl',
      'an absolute URL or one relative to the page',
      baseUrl,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * Opens a Stable Diffusion folder in the diffusers/Optimum layout served over HTTP as core's
 * {@link ModelFolder}, so `loadStableDiffusion` works in the browser. Config and tokenizer files are
 * fetched (and cached), and each model is handed to the backend as `{ location: url }`, so the backend
 * checks its size against the device first and then downloads it and its external data with progress.
 * A missing file rejects with `ModelLoadError` naming its URL. An `hf:owner/name[@revision][/subfolder]` id
 * opens the Hub's `{endpoint}/owner/name/resolve/{revision}/` URLs (public repositories; the files are kept
 * in Cache Storage by that URL, so pin a commit hash as the revision to be sure a cached copy is current).
 * @param baseUrl - URL of the folder holding `model_index.json`, absolute or relative to the page, or an
 * `hf:` model id.
 * @example
 * const backend = await createOrtWebBackend({ device: 'webgpu', wasmPaths: '/ort/', onProgress: showBar });
 * const models = await loadStableDiffusion({ backend, folder: openModelFolderUrl('/models/sd21/') });
 * const fromHub = openModelFolderUrl('hf:aislamov/stable-diffusion-2-1-base-onnx@cpu');
 */
export function openModelFolderUrl(baseUrl: string | URL, options: ModelFolderUrlOptions = {}): ModelFolder {
  const root = folderUrl(baseUrl, options.endpoint);
  const cache = options.cache ?? 'sow-models';
  const signal = options.signal;
  const resolve = (relativePath: string): string => {
    const url =
      typeof relativePath === 'string' && relativePath !== '' ? new URL(relativePath, root) : undefined;
    if (url === undefined || !url.href.startsWith(root) || /^[a-z]+:|^\//i.test(relativePath)) {
      throw new InvalidArgumentError(
        'ModelFolder',
        'relativePath',
        'a path inside the model folder',
        relativePath,
      );
    }
    return url.href;
  };
  const read = async (relativePath: string) => fetchModelFile(resolve(relativePath), { cache, signal });
  return {
    location: root,
    exists: async (relativePath) => modelFileExists(resolve(relativePath), cache, signal),
    readBytes: read,
    async readText(relativePath: string): Promise<string> {
      return new TextDecoder().decode(await read(relativePath));
    },
    async modelSource(relativePath: string): Promise<ModelSource> {
      const url = resolve(relativePath);
      if (!(await modelFileExists(url, cache, signal)))
        throw new ModelLoadError(url, 'file not found (HTTP 404)');
      return { location: url };
    },
  };
}
