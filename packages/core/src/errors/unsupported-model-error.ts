import { SowError } from './sow-error.js';

/**
 * Thrown when a model is valid ONNX but cannot serve the method as exported (fused attention, no
 * recognisable self-attention, too old an opset); the message says what was found and what to re-export.
 */
export class UnsupportedModelError extends SowError {
  /** The function that inspected the model. */
  readonly fn: string;
  /** The layer at fault, when one is. */
  readonly layer: string | undefined;

  /** Builds the message `<fn>: <reason>`. */
  constructor(fn: string, reason: string, options?: { layer?: string }) {
    super('UNSUPPORTED_MODEL', `${fn}: ${reason}`);
    this.fn = fn;
    this.layer = options?.layer;
  }
}
