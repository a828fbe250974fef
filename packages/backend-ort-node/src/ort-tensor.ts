import type { Tensor } from '@sow/core';
import { Tensor as OrtTensor } from 'onnxruntime-node';

/** Wraps a core tensor as an ONNX Runtime tensor sharing the same typed array (no copy). */
export function toOrtTensor(tensor: Tensor): OrtTensor {
  return new OrtTensor(tensor.dtype, tensor.data, tensor.shape);
}
