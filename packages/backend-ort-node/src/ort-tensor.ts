import { createTensor, type DType, type Tensor } from '@sow/core';
import { Tensor as OrtTensor } from 'onnxruntime-node';

/** Wraps a core tensor as an ONNX Runtime tensor sharing the same typed array (no copy). */
export function toOrtTensor(tensor: Tensor): OrtTensor {
  return new OrtTensor(tensor.dtype, tensor.data, tensor.shape);
}

/**
 * Wraps an ONNX Runtime output as a core tensor sharing its memory (no copy). `dtype` is the type core
 * knows the output by; the caller has already rejected outputs whose type core does not handle. Half
 * floats always come back as raw bits in a `Uint16Array`, whatever array type ORT chose.
 */
export function fromOrtTensor(tensor: OrtTensor, dtype: DType): Tensor {
  const data = tensor.data as ArrayBufferView;
  const values =
    dtype === 'float16' && !(data instanceof Uint16Array)
      ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)
      : (data as Tensor['data']);
  return createTensor(dtype, tensor.dims, values);
}
