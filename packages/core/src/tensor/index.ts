export { add } from './add.js';
export { castTensor, type FloatDType, toFloat32 } from './cast-tensor.js';
export { clampTensor } from './clamp-tensor.js';
export { cloneTensor } from './clone-tensor.js';
export { concatBatch } from './concat-batch.js';
export { countNonFinite } from './count-non-finite.js';
export { cropRegion, type TensorRegion } from './crop-region.js';
export { float16ToFloat32, float32ToFloat16 } from './float16.js';
export { lerp } from './lerp.js';
export { maskedBlend } from './masked-blend.js';
export { pasteRegion, type TensorOffset } from './paste-region.js';
export { resizeBilinear } from './resize-bilinear.js';
export { resizeNearest } from './resize-nearest.js';
export { scale } from './scale.js';
export { splitBatch } from './split-batch.js';
export { sub } from './sub.js';
export {
  createTensor,
  type DType,
  type Float32Tensor,
  sizeOf,
  type Tensor,
  type TensorDataMap,
} from './tensor.js';
