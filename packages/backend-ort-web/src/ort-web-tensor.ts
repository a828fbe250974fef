import type { Tensor } from '@sow/core';
import type { Tensor as OrtTensor } from 'onnxruntime-web';
import type { OrtWebModule } from './ort-web-backend-settings.js';

/** Wraps a core tensor as an ONNX Runtime Web tensor sharing the same typed array (no copy). */
export function toOrtTensor(ort: OrtWebModule, tensor: Tensor): OrtTensor {
  return new ort.Tensor(tensor.dtype, tensor.data, tensor.shape);
}
