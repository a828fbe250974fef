import { SowError } from './sow-error.js';

/**
 * Thrown when a model file cannot be downloaded: the server refused (`status` 401/403 for a gated or
 * private repository, 404 for a missing repository, revision or file) or the transfer kept breaking.
 * The message never carries an access token.
 */
export class ModelDownloadError extends SowError {
  /** The model id or URL of what failed, e.g. `hf:owner/name@main unet/model.onnx`. */
  readonly location: string;
  /** The HTTP status the server answered with, when it answered. */
  readonly status: number | undefined;

  /** `reason` says what went wrong and what to do about it. */
  constructor(location: string, reason: string, options?: { status?: number; cause?: unknown }) {
    super('MODEL_DOWNLOAD', `Cannot download ${location}: ${reason}.`, options);
    this.location = location;
    this.status = options?.status;
  }
}
