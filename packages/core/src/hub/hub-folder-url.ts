import { HUB_DEFAULT_ENDPOINT } from './hub-endpoint.js';
import type { HubModelId } from './parse-hub-model-id.js';

/**
 * The URL of a Hub model's folder as the Hub serves its files, `{endpoint}/{repo}/resolve/{revision}/
 * {subfolder}/`, with a trailing slash, so a folder-by-URL loader fetches `model_index.json` and the
 * models from it (LFS files answer with a redirect to the CDN).
 * @param endpoint - The Hub or a mirror; default {@link HUB_DEFAULT_ENDPOINT}.
 * @example
 * hubFolderUrl(parseHubModelId('hf:owner/name@cpu'));
 * // 'https://huggingface.co/owner/name/resolve/cpu/'
 */
export function hubFolderUrl(model: HubModelId, endpoint: string = HUB_DEFAULT_ENDPOINT): string {
  const base = endpoint.replace(/\/+$/, '');
  const sub =
    model.subfolder === '' ? '' : `${model.subfolder.split('/').map(encodeURIComponent).join('/')}/`;
  return `${base}/${model.repo}/resolve/${encodeURIComponent(model.revision)}/${sub}`;
}
