/** ONNX tensor element types (`TensorProto.DataType`), the values of `elemType` and `dataType` fields. */
export const DataType = {
  /** float32. */
  Float: 1,
  /** uint8. */
  Uint8: 2,
  /** int8. */
  Int8: 3,
  /** uint16. */
  Uint16: 4,
  /** int16. */
  Int16: 5,
  /** int32. */
  Int32: 6,
  /** int64. */
  Int64: 7,
  /** string. */
  String: 8,
  /** bool. */
  Bool: 9,
  /** IEEE half precision. */
  Float16: 10,
  /** float64. */
  Double: 11,
  /** uint32. */
  Uint32: 12,
  /** uint64. */
  Uint64: 13,
  /** bfloat16. */
  Bfloat16: 16,
} as const;

/** A value of {@link DataType}. */
export type DataType = (typeof DataType)[keyof typeof DataType];

/** ONNX attribute kinds (`AttributeProto.AttributeType`), the values of {@link OnnxAttribute.type}. */
export const AttributeType = {
  /** One float (`f`). */
  Float: 1,
  /** One integer (`i`). */
  Int: 2,
  /** One string (`s`). */
  String: 3,
  /** One tensor (`t`). */
  Tensor: 4,
  /** One graph (`g`). */
  Graph: 5,
  /** Float list (`floats`). */
  Floats: 6,
  /** Integer list (`ints`). */
  Ints: 7,
  /** String list (`strings`). */
  Strings: 8,
  /** Tensor list (`tensors`). */
  Tensors: 9,
  /** Graph list (`graphs`). */
  Graphs: 10,
} as const;

/** A value of {@link AttributeType}. */
export type AttributeType = (typeof AttributeType)[keyof typeof AttributeType];

/** Where a tensor's bytes live (`TensorProto.DataLocation`). */
export const DataLocation = {
  /** Inside the tensor message. */
  Default: 0,
  /** In an external file named by the `location` entry of `externalData`. */
  External: 1,
} as const;

/** A value of {@link DataLocation}. */
export type DataLocation = (typeof DataLocation)[keyof typeof DataLocation];
