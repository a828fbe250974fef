import { SowError } from './sow-error.js';

/** Thrown when the requested device or runtime is not available; lists what is, so there is no silent fallback. */
export class BackendUnavailableError extends SowError {
  /** The device or backend that was asked for. */
  readonly requested: string;
  /** Devices that are available here. */
  readonly available: readonly string[];

  /** `reason` explains why the requested device cannot be used. */
  constructor(
    requested: string,
    available: readonly string[],
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'BACKEND_UNAVAILABLE',
      `Device '${requested}' is not available (${reason}); available: [${available.join(', ')}].`,
      options,
    );
    this.requested = requested;
    this.available = available;
  }
}
