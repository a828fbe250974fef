import type { ModelSource } from '../models/backend.js';

/**
 * Read access to a Stable Diffusion folder in the diffusers/Optimum layout (`model_index.json`,
 * `scheduler/`, `tokenizer/`, `text_encoder/`, `unet/`, `vae_encoder/`, `vae_decoder/`). Core never touches
 * files: the Node package implements it over the file system, the web package over URLs.
 */
export interface ModelFolder {
  /** Where the folder is (a path or URL), used in error messages. */
  readonly location: string;
  /** True when the relative path exists in the folder. */
  exists(relativePath: string): Promise<boolean>;
  /** Reads a text file; a missing file rejects with `ModelLoadError` naming the full path. */
  readText(relativePath: string): Promise<string>;
  /** Reads a binary file; a missing file rejects with `ModelLoadError` naming the full path. */
  readBytes(relativePath: string): Promise<Uint8Array>;
  /**
   * A {@link ModelSource} for an `.onnx` file that its backend can load, external weights included
   * (`weights.pb`, `model.onnx_data`); a missing file rejects with `ModelLoadError` naming the path.
   */
  modelSource(relativePath: string): Promise<ModelSource>;
}
