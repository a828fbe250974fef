import { SowError } from './sow-error.js';

/** Thrown when a model's inputs or outputs do not match the role it is loaded for (UNet, VAE, ...). */
export class ModelIOError extends SowError {
  /** The model role, e.g. `unet` or `vae_encoder`. */
  readonly role: string;
  /** Names the role needs that the model lacks. */
  readonly missing: readonly string[];
  /** Names the model has that the role does not know. */
  readonly unexpected: readonly string[];

  /** `detail` adds what else is wrong (a dtype, a rank) to the message. */
  constructor(role: string, missing: readonly string[], unexpected: readonly string[], detail?: string) {
    const parts = [
      missing.length > 0 ? `missing [${missing.join(', ')}]` : '',
      unexpected.length > 0 ? `unexpected [${unexpected.join(', ')}]` : '',
      detail ?? '',
    ].filter((p) => p !== '');
    super('MODEL_IO', `${role}: model inputs/outputs do not match the role: ${parts.join('; ')}.`);
    this.role = role;
    this.missing = missing;
    this.unexpected = unexpected;
  }
}
