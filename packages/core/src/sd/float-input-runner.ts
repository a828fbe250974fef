import type { RunOptions, Session, TensorInfo } from '../models/backend.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import type { Float32Tensor, Tensor } from '../tensor/tensor.js';
import { checkDtype, tensorInfo } from './check-session-io.js';
import { toModelFloat } from './model-float.js';

/** A session with one float input (the VAE encoders and decoders), see {@link floatInputRunner}. */
export interface FloatInputRunner {
  /** The input as the model declares it (float32 or float16). */
  readonly info: TensorInfo;
  /** Checks the signal, converts `tensor` to the input's float type and runs the session. */
  run(tensor: Float32Tensor, options?: RunOptions): Promise<Record<string, Tensor>>;
}

/**
 * Checks once that the session's `input` is float32 or float16 (a `ModelIOError` for `role`
 * otherwise) and returns a runner that feeds it a float32 tensor, so the VAE roles share one model
 * boundary. Outputs are read back with `fromModelFloat`.
 */
export function floatInputRunner(role: string, session: Session, input: string): FloatInputRunner {
  const info = tensorInfo(session.inputs, input);
  checkDtype(role, info, ['float32', 'float16']);
  return {
    info,
    async run(tensor, options) {
      throwIfAborted(options?.signal);
      return session.run({ [input]: toModelFloat(tensor, info) }, options);
    },
  };
}
