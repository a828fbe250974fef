import { createTensor, type DType, type Tensor } from '@sow/core';
import type { Tensor as OrtTensor } from 'onnxruntime-web';
import type { OrtWebModule } from './ort-web-backend-settings.js';

/** Wraps a core tensor as an ONNX Runtime Web tensor sharing the same typed array (no copy). */
export function toOrtTensor(ort: OrtWebModule, tensor: Tensor): OrtTensor {
  return new ort.Tensor(tensor.dtype, tensor.data, tensor.shape);
}

/**
 * Wraps an ONNX Runtime Web output as a core tensor sharing its memory (no copy). `dtype` is the type core
 * knows the output by. Half floats always come back as raw bits in a `Uint16Array`, also where ONNX
 * Runtime returns a `Float16Array`.
 */
export function fromOrtTensor(tensor: OrtTensor, dtype: DType): Tensor {
  const data = tensor.data as ArrayBufferView;
  const values =
    dtype === 'float16' && !(data instanceof Uint16Array)
      ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)
      : (data as Tensor['data']);
  return createTensor(dtype, tensor.dims, values);
}
