import { SowError } from '../errors/sow-error.js';

/**
 * Thrown by an MLLM adapter when the provider answered but gave no usable text: a safety or policy block,
 * a refusal, or an empty reply. `planScene` falls back for the stage that hit it.
 */
export class MllmResponseError extends SowError {
  /** Provider name, such as `gemini` or `openai-compatible`. */
  readonly provider: string;
  /** The provider's reason, such as `SAFETY`, `content_filter`, `refusal` or `empty`. */
  readonly reason: string;

  /** Builds the message `<provider>: reply has no usable text (<reason>): <detail>.` */
  constructor(provider: string, reason: string, detail: string) {
    super('MLLM_RESPONSE', `${provider}: reply has no usable text (${reason}): ${detail}.`);
    this.provider = provider;
    this.reason = reason;
  }
}
