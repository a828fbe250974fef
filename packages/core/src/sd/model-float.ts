import { ModelIOError } from '../errors/model-io-error.js';
import type { TensorInfo } from '../models/backend.js';
import { castTensor, toFloat32 } from '../tensor/cast-tensor.js';
import type { Float32Tensor, Tensor } from '../tensor/tensor.js';

/**
 * Converts a float32 tensor to the float type a model input declares (fp16 exports take float16), so
 * that the library's own math stays in float32 and only the model boundary sees half precision.
 */
export function toModelFloat(tensor: Float32Tensor, info: TensorInfo): Tensor {
  return info.dtype === 'float16' ? castTensor(tensor, 'float16') : tensor;
}

/** Converts a model output back to float32; any other element type is a {@link ModelIOError}. */
export function fromModelFloat(role: string, name: string, tensor: Tensor | undefined): Float32Tensor {
  if (tensor === undefined) throw new ModelIOError(role, [name], [], 'the run returned no such output');
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'float16') {
    throw new ModelIOError(role, [], [], `${name} must be float32 or float16, got ${tensor.dtype}`);
  }
  return toFloat32(tensor);
}
