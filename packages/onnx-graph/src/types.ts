/**
 * Plain-data mirrors of the ONNX protobuf messages, as {@link decodeModel} returns them and
 * {@link encodeModel} accepts them. Field names are the proto names in camelCase; repeated fields are always
 * arrays after decoding (and may be omitted when encoding); `int64` fields are numbers (exact up to 2⁵³;
 * the ±2⁶³ sentinels survive a round trip because encoding saturates).
 * @module
 */

/** A `key`/`value` string pair (`StringStringEntryProto`): external-data fields and metadata. */
export interface OnnxStringEntry {
  /** Entry key, e.g. `location`, `offset`, `length`. */
  key?: string;
  /** Entry value. */
  value?: string;
}

/** An operator set a model uses (`OperatorSetIdProto`); an empty domain is the default `ai.onnx` set. */
export interface OnnxOpsetId {
  /** Operator domain: `''` (ai.onnx) or e.g. `com.microsoft`. */
  domain?: string;
  /** Opset version. */
  version?: number;
}

/** One dimension of a tensor shape (`TensorShapeProto.Dimension`): a fixed size or a symbolic name. */
export interface OnnxDimension {
  /** Fixed size. */
  dimValue?: number;
  /** Symbolic name such as `batch`. */
  dimParam?: string;
  /** Optional semantic denotation. */
  denotation?: string;
}

/** A tensor type (`TypeProto.Tensor`): element type and (optionally) shape. */
export interface OnnxTensorType {
  /** Element type, a {@link DataType} value. */
  elemType?: number;
  /** Shape; absent means unknown rank. */
  shape?: OnnxTensorShape;
}

/** A tensor shape (`TensorShapeProto`). */
export interface OnnxTensorShape {
  /** Dimensions, outermost first. */
  dim?: OnnxDimension[];
}

/**
 * A value type (`TypeProto`). Only tensor types are modelled; the other kinds (sequence, map, optional,
 * sparse, opaque) are kept as opaque data so a round trip preserves them.
 */
export interface OnnxType {
  /** The tensor type, for tensor values. */
  tensorType?: OnnxTensorType;
  /** Optional semantic denotation. */
  denotation?: string;
  /** Other `TypeProto` kinds, kept as decoded. */
  [otherKind: string]: unknown;
}

/** A named, typed graph value (`ValueInfoProto`): graph inputs, outputs and intermediate annotations. */
export interface OnnxValueInfo {
  /** Value name. */
  name?: string;
  /** Value type. */
  type?: OnnxType;
  /** Documentation string. */
  docString?: string;
  /** Metadata entries. */
  metadataProps?: OnnxStringEntry[];
}

/**
 * A tensor (`TensorProto`): initializers and tensor attributes. Data lives in `rawData` (little-endian bytes)
 * or one of the typed fields, or in an external file when `dataLocation` is {@link DataLocation.External}.
 */
export interface OnnxTensor {
  /** Tensor name. */
  name?: string;
  /** Element type, a {@link DataType} value. */
  dataType?: number;
  /** Dimensions. */
  dims?: number[];
  /** Raw little-endian element bytes. */
  rawData?: Uint8Array;
  /** float32 (and complex64) elements when not in `rawData`. */
  floatData?: number[];
  /** int32, int16, int8, uint16, uint8, bool and float16 (bit pattern) elements when not in `rawData`. */
  int32Data?: number[];
  /** int64 elements when not in `rawData`. */
  int64Data?: number[];
  /** float64 elements when not in `rawData`. */
  doubleData?: number[];
  /** uint32 and uint64 elements when not in `rawData`. */
  uint64Data?: number[];
  /** String elements (UTF-8 bytes). */
  stringData?: Uint8Array[];
  /** External-data location entries (`location`, `offset`, `length`, `checksum`). */
  externalData?: OnnxStringEntry[];
  /** Where the data is, a {@link DataLocation} value. */
  dataLocation?: number;
  /** Documentation string. */
  docString?: string;
  /** Metadata entries. */
  metadataProps?: OnnxStringEntry[];
  /** Other `TensorProto` fields (`segment`), kept as decoded. */
  [otherField: string]: unknown;
}

/** A node attribute (`AttributeProto`); `type` (an {@link AttributeType}) says which value field is set. */
export interface OnnxAttribute {
  /** Attribute name, e.g. `axis`. */
  name?: string;
  /** Value kind, an {@link AttributeType} value. */
  type?: number;
  /** Float value. */
  f?: number;
  /** Integer value. */
  i?: number;
  /** String value (UTF-8 bytes). */
  s?: Uint8Array;
  /** Tensor value. */
  t?: OnnxTensor;
  /** Graph value (control-flow bodies). */
  g?: OnnxGraph;
  /** Float list. */
  floats?: number[];
  /** Integer list. */
  ints?: number[];
  /** String list (UTF-8 bytes). */
  strings?: Uint8Array[];
  /** Tensor list. */
  tensors?: OnnxTensor[];
  /** Graph list. */
  graphs?: OnnxGraph[];
  /** Reference to a function attribute (inside functions). */
  refAttrName?: string;
  /** Documentation string. */
  docString?: string;
  /** Other `AttributeProto` fields (sparse tensors, type protos), kept as decoded. */
  [otherField: string]: unknown;
}

/** A computation node (`NodeProto`). */
export interface OnnxNode {
  /** Input value names; `''` marks an omitted optional input. */
  input?: string[];
  /** Output value names. */
  output?: string[];
  /** Node name, e.g. `/down_blocks.0/attentions.0/transformer_blocks.0/attn1/Softmax`. */
  name?: string;
  /** Operator type, e.g. `Softmax`. */
  opType?: string;
  /** Operator domain; `''` is ai.onnx. */
  domain?: string;
  /** Attributes. */
  attribute?: OnnxAttribute[];
  /** Documentation string. */
  docString?: string;
  /** Other `NodeProto` fields (`overload`, `metadataProps`), kept as decoded. */
  [otherField: string]: unknown;
}

/** A graph (`GraphProto`): nodes in topological order, initializers, inputs and outputs. */
export interface OnnxGraph {
  /** Nodes, topologically sorted. */
  node?: OnnxNode[];
  /** Graph name. */
  name?: string;
  /** Constant tensors (weights). */
  initializer?: OnnxTensor[];
  /** Graph inputs. */
  input?: OnnxValueInfo[];
  /** Graph outputs. */
  output?: OnnxValueInfo[];
  /** Type annotations of intermediate values. */
  valueInfo?: OnnxValueInfo[];
  /** Documentation string. */
  docString?: string;
  /** Other `GraphProto` fields (sparse initializers, quantization annotations, metadata), kept as decoded. */
  [otherField: string]: unknown;
}

/** A model file (`ModelProto`): IR version, opset imports, the graph and metadata. */
export interface OnnxModel {
  /** ONNX IR version. */
  irVersion?: number;
  /** Operator sets the graph uses. */
  opsetImport?: OnnxOpsetId[];
  /** Name of the producing tool. */
  producerName?: string;
  /** Version of the producing tool. */
  producerVersion?: string;
  /** Model namespace. */
  domain?: string;
  /** Model version. */
  modelVersion?: number;
  /** Documentation string. */
  docString?: string;
  /** The main graph. */
  graph?: OnnxGraph;
  /** Metadata entries (ORT exposes them as custom metadata). */
  metadataProps?: OnnxStringEntry[];
  /** Other `ModelProto` fields (local functions, training info), kept as decoded. */
  [otherField: string]: unknown;
}
