/**
 * `@sow/onnx-graph`: an ONNX protobuf codec over plain data, and a small graph builder. Shared by the sow
 * ONNX Runtime backends (attention graph surgery) and the test kit (generated test models). Browser-safe.
 * @packageDocumentation
 */

export * from './attention-surgery/index.js';
export {
  type AttributeInput,
  type FloatAttribute,
  type FloatsAttribute,
  getAttribute,
  toOnnxAttribute,
} from './attributes.js';
export { buildModel, buildModelWithExternalData, type ExternalDataFiles } from './build-model.js';
export { decodeModel, encodeModel } from './codec.js';
export { AttributeType, DataLocation, DataType } from './constants.js';
export {
  type ExternalDataModel,
  type ExternalDataOptions,
  externalDataLocations,
  externalizeInitializers,
} from './external-data.js';
export { type ExternalDataExtent, externalDataExtents } from './external-data-extents.js';
export { countFlops, type FlopCount } from './flops/count-flops.js';
export { type InferredValue, inferShapes } from './flops/infer-shapes.js';
export { type Dim, GraphBuilder, type ModelOptions, type NodeOptions } from './graph-builder.js';
export { isLocalDataLocation } from './is-local-data-location.js';
export {
  createOnnxTensor,
  dataTypeOf,
  type ElementType,
  elementTypeOf,
  readTensorData,
  type TensorData,
} from './tensor-data.js';
export type {
  OnnxAttribute,
  OnnxDimension,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxOpsetId,
  OnnxStringEntry,
  OnnxTensor,
  OnnxTensorShape,
  OnnxTensorType,
  OnnxType,
  OnnxValueInfo,
} from './types.js';
