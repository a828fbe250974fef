import { SowError } from './sow-error.js';

/**
 * Thrown in offline mode (`HF_HUB_OFFLINE=1` or the `offline` option) when the local cache lacks what a
 * load needs; `missing` lists exactly what, so the user knows what to download while online.
 */
export class ModelNotCachedError extends SowError {
  /** The model id, e.g. `hf:owner/name@main`. */
  readonly model: string;
  /** The cache folder that was searched. */
  readonly cacheDir: string;
  /** What is missing: `refs/<revision>` when the revision was never resolved, else the file paths. */
  readonly missing: readonly string[];

  /** Builds the message naming the model, the cache and every missing entry. */
  constructor(model: string, cacheDir: string, missing: readonly string[]) {
    super(
      'MODEL_NOT_CACHED',
      `Cannot load ${model} offline: the cache ${cacheDir} lacks ${missing.join(', ')}. Run once online (without HF_HUB_OFFLINE) to download it.`,
    );
    this.model = model;
    this.cacheDir = cacheDir;
    this.missing = missing;
  }
}
