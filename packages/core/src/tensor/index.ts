export {
  createTensor,
  type DType,
  type Float32Tensor,
  sizeOf,
  type Tensor,
  type TensorDataMap,
} from './tensor.js';
