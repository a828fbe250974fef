import { SowError } from './sow-error.js';

/** Thrown when a model file or folder cannot be read or parsed; names the location. */
export class ModelLoadError extends SowError {
  /** Path or URL that failed. */
  readonly location: string;

  /** `reason` says what went wrong (missing, corrupt, unreadable). */
  constructor(location: string, reason: string, options?: { cause?: unknown }) {
    super('MODEL_LOAD', `Cannot load model from ${location}: ${reason}.`, options);
    this.location = location;
  }
}
