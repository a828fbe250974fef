import protobuf from 'protobufjs/light.js';

type FieldMap = Record<
  string,
  { type: string; id: number; rule?: 'repeated'; options?: { packed: boolean } }
>;

const str = (id: number) => ({ type: 'string', id });
const i64 = (id: number) => ({ type: 'int64', id });
const rep = (type: string, id: number) => ({ type, id, rule: 'repeated' as const });
const packed = (type: string, id: number) => ({
  type,
  id,
  rule: 'repeated' as const,
  options: { packed: true },
});
const unpacked = (type: string, id: number) => ({
  type,
  id,
  rule: 'repeated' as const,
  options: { packed: false },
});
const entries = (id: number) => rep('StringStringEntryProto', id);

const message = (fields: FieldMap, extra: Record<string, unknown> = {}) => ({ fields, ...extra });

/**
 * The ONNX protobuf schema (proto2, `onnx/onnx.in.proto`) as a protobufjs JSON descriptor, with the official
 * field numbers. Field names are camelCase; the wire format only depends on the numbers. Distributed-device
 * annotations (`NodeDeviceConfigurationProto`, `DeviceConfigurationProto`) are left out; everything a model
 * file carries for single-device inference is here so a decode/encode round trip keeps it.
 */
const ONNX_DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: message({
          name: str(1),
          refAttrName: str(21),
          docString: str(13),
          type: { type: 'int32', id: 20 },
          f: { type: 'float', id: 2 },
          i: i64(3),
          s: { type: 'bytes', id: 4 },
          t: { type: 'TensorProto', id: 5 },
          g: { type: 'GraphProto', id: 6 },
          sparseTensor: { type: 'SparseTensorProto', id: 22 },
          tp: { type: 'TypeProto', id: 14 },
          floats: unpacked('float', 7),
          ints: unpacked('int64', 8),
          strings: rep('bytes', 9),
          tensors: rep('TensorProto', 10),
          graphs: rep('GraphProto', 11),
          sparseTensors: rep('SparseTensorProto', 23),
          typeProtos: rep('TypeProto', 15),
        }),
        ValueInfoProto: message({
          name: str(1),
          type: { type: 'TypeProto', id: 2 },
          docString: str(3),
          metadataProps: entries(4),
        }),
        NodeProto: message({
          input: rep('string', 1),
          output: rep('string', 2),
          name: str(3),
          opType: str(4),
          domain: str(7),
          overload: str(8),
          attribute: rep('AttributeProto', 5),
          docString: str(6),
          metadataProps: entries(9),
        }),
        TrainingInfoProto: message({
          initialization: { type: 'GraphProto', id: 1 },
          algorithm: { type: 'GraphProto', id: 2 },
          initializationBinding: entries(3),
          updateBinding: entries(4),
        }),
        ModelProto: message({
          irVersion: i64(1),
          opsetImport: rep('OperatorSetIdProto', 8),
          producerName: str(2),
          producerVersion: str(3),
          domain: str(4),
          modelVersion: i64(5),
          docString: str(6),
          graph: { type: 'GraphProto', id: 7 },
          metadataProps: entries(14),
          trainingInfo: rep('TrainingInfoProto', 20),
          functions: rep('FunctionProto', 25),
        }),
        StringStringEntryProto: message({ key: str(1), value: str(2) }),
        TensorAnnotation: message({ tensorName: str(1), quantParameterTensorNames: entries(2) }),
        GraphProto: message({
          node: rep('NodeProto', 1),
          name: str(2),
          initializer: rep('TensorProto', 5),
          sparseInitializer: rep('SparseTensorProto', 15),
          docString: str(10),
          input: rep('ValueInfoProto', 11),
          output: rep('ValueInfoProto', 12),
          valueInfo: rep('ValueInfoProto', 13),
          quantizationAnnotation: rep('TensorAnnotation', 14),
          metadataProps: entries(16),
        }),
        TensorProto: message(
          {
            dims: unpacked('int64', 1),
            dataType: { type: 'int32', id: 2 },
            segment: { type: 'Segment', id: 3 },
            floatData: packed('float', 4),
            int32Data: packed('int32', 5),
            stringData: rep('bytes', 6),
            int64Data: packed('int64', 7),
            name: str(8),
            docString: str(12),
            rawData: { type: 'bytes', id: 9 },
            externalData: entries(13),
            dataLocation: { type: 'int32', id: 14 },
            doubleData: packed('double', 10),
            uint64Data: packed('uint64', 11),
            metadataProps: entries(16),
          },
          { nested: { Segment: message({ begin: i64(1), end: i64(2) }) } },
        ),
        SparseTensorProto: message({
          values: { type: 'TensorProto', id: 1 },
          indices: { type: 'TensorProto', id: 2 },
          dims: unpacked('int64', 3),
        }),
        TensorShapeProto: message(
          { dim: rep('Dimension', 1) },
          {
            nested: {
              Dimension: message(
                { dimValue: i64(1), dimParam: str(2), denotation: str(3) },
                { oneofs: { value: { oneof: ['dimValue', 'dimParam'] } } },
              ),
            },
          },
        ),
        TypeProto: message(
          {
            tensorType: { type: 'Tensor', id: 1 },
            sequenceType: { type: 'Sequence', id: 4 },
            mapType: { type: 'Map', id: 5 },
            optionalType: { type: 'Optional', id: 9 },
            sparseTensorType: { type: 'SparseTensor', id: 8 },
            opaqueType: { type: 'Opaque', id: 7 },
            denotation: str(6),
          },
          {
            oneofs: {
              value: {
                oneof: [
                  'tensorType',
                  'sequenceType',
                  'mapType',
                  'optionalType',
                  'sparseTensorType',
                  'opaqueType',
                ],
              },
            },
            nested: {
              Tensor: message({
                elemType: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              }),
              Sequence: message({ elemType: { type: 'TypeProto', id: 1 } }),
              Map: message({ keyType: { type: 'int32', id: 1 }, valueType: { type: 'TypeProto', id: 2 } }),
              Optional: message({ elemType: { type: 'TypeProto', id: 1 } }),
              SparseTensor: message({
                elemType: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              }),
              Opaque: message({ domain: str(1), name: str(2) }),
            },
          },
        ),
        OperatorSetIdProto: message({ domain: str(1), version: i64(2) }),
        FunctionProto: message({
          name: str(1),
          input: rep('string', 4),
          output: rep('string', 5),
          attribute: rep('string', 6),
          attributeProto: rep('AttributeProto', 11),
          node: rep('NodeProto', 7),
          docString: str(8),
          opsetImport: rep('OperatorSetIdProto', 9),
          domain: str(10),
          overload: str(13),
          valueInfo: rep('ValueInfoProto', 12),
          metadataProps: entries(14),
        }),
      },
    },
  },
};

let modelType: protobuf.Type | undefined;

/** Returns the protobufjs type of `onnx.ModelProto`, building the schema on first use. */
export function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_DESCRIPTOR).lookupType('onnx.ModelProto');
  return modelType;
}
