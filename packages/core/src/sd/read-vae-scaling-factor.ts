import { ModelLoadError } from '../errors/model-load-error.js';
import type { ModelFolder } from './model-folder.js';
import { folderPath, readJson } from './read-json.js';
import { DEFAULT_VAE_SCALING_FACTOR } from './vae-settings.js';

const CONFIGS = ['vae_decoder/config.json', 'vae_encoder/config.json'] as const;

/**
 * The VAE's latent scaling factor of a Stable Diffusion folder: `scaling_factor` from
 * `vae_decoder/config.json`, else from `vae_encoder/config.json`, else 0.18215 (diffusers' default, also
 * what exports without a config use).
 */
export async function readVaeScalingFactor(folder: ModelFolder): Promise<number> {
  for (const path of CONFIGS) {
    if (!(await folder.exists(path))) continue;
    const value = (await readJson(folder, path)).scaling_factor;
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new ModelLoadError(
        folderPath(folder, path),
        `scaling_factor must be a positive number, got ${String(value)}`,
      );
    }
    return value;
  }
  return DEFAULT_VAE_SCALING_FACTOR;
}
