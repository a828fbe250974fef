import { SowError } from '../errors/sow-error.js';

/**
 * Thrown by an MLLM adapter when the provider cannot be reached or answers with an HTTP error (after the
 * retries), or when a request times out. Its message never contains the API key.
 */
export class MllmProviderError extends SowError {
  /** Provider name, such as `gemini` or `openai-compatible`. */
  readonly provider: string;
  /** HTTP status of the last failed attempt; `undefined` for network errors, timeouts and a missing key. */
  readonly status: number | undefined;

  /** Builds the message `<provider>: request failed[ with HTTP <status>]: <detail>.` */
  constructor(provider: string, status: number | undefined, detail: string, options?: { cause?: unknown }) {
    super(
      'MLLM_PROVIDER',
      `${provider}: request failed${status === undefined ? '' : ` with HTTP ${status}`}: ${detail}.`,
      options,
    );
    this.provider = provider;
    this.status = status;
  }
}
