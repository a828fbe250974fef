import { type AttributeInput, toOnnxAttribute } from '../attributes.js';
import { createOnnxTensor } from '../tensor-data.js';
import type { OnnxNode, OnnxTensor } from '../types.js';

/** Appends default-domain nodes and small constant initializers under one name prefix, opset-aware. */
export class NodeEmitter {
  /** Nodes emitted so far, in order. */
  readonly nodes: OnnxNode[] = [];
  private count = 0;

  /**
   * `prefix` scopes every node, value and constant name; `opset` is the model's default-domain version;
   * constants go into `initializers`.
   */
  constructor(
    private readonly prefix: string,
    private readonly opset: number,
    private readonly initializers: OnnxTensor[],
  ) {}

  /** Adds a node and returns its (single) output name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeInput>> = {},
  ): string {
    const name = `${this.prefix}/${opType}_${this.count++}`;
    const output = `${name}_output_0`;
    const node: OnnxNode = { name, opType, input: [...inputs], output: [output] };
    const attrs = Object.entries(attributes);
    if (attrs.length > 0) node.attribute = attrs.map(([k, v]) => toOnnxAttribute(k, v));
    this.nodes.push(node);
    return output;
  }

  /** Adds a copy of `node` (type, domain, attributes) that reads `inputs`, and returns its output name. */
  copy(node: OnnxNode, inputs: readonly string[]): string {
    const name = `${this.prefix}/${node.opType ?? 'Node'}_${this.count++}`;
    const output = `${name}_output_0`;
    this.nodes.push({ ...node, name, input: [...inputs], output: [output] });
    return output;
  }

  /** Adds a node writing to a chosen output name (graph outputs). */
  named(
    opType: string,
    inputs: readonly string[],
    output: string,
    attributes: Readonly<Record<string, AttributeInput>> = {},
  ): string {
    const node: OnnxNode = {
      name: `${this.prefix}/${opType}_${this.count++}`,
      opType,
      input: [...inputs],
      output: [output],
    };
    const attrs = Object.entries(attributes);
    if (attrs.length > 0) node.attribute = attrs.map(([k, v]) => toOnnxAttribute(k, v));
    this.nodes.push(node);
    return output;
  }

  /** Dimensions `start` up to `end` (exclusive; default: through the last) of `x`'s shape, int64 `[n]`. */
  dims(x: string, start: number, end = Number.MAX_SAFE_INTEGER): string {
    return this.op('Slice', [this.op('Shape', [x]), this.int([start]), this.int([end]), this.int([0])]);
  }

  /** A float32 constant; `dims` `[]` makes a scalar. */
  float(values: readonly number[], dims: readonly number[] = []): string {
    return this.constant('float32', values, dims);
  }

  /** An int64 constant; `dims` defaults to a vector of the values. */
  int(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant('int64', values, dims);
  }

  /** `ReduceMax`/`ReduceMin`/`ReduceMean`/`ReduceSum` over `axes`, keeping dims, in the opset's form. */
  reduce(
    opType: 'ReduceMax' | 'ReduceMin' | 'ReduceMean' | 'ReduceSum',
    x: string,
    axes: readonly number[],
  ): string {
    const axesAsInput = this.opset >= 18 || (opType === 'ReduceSum' && this.opset >= 13);
    return axesAsInput
      ? this.op(opType, [x, this.int(axes)], { keepdims: 1 })
      : this.op(opType, [x], { axes: [...axes], keepdims: 1 });
  }

  private constant(type: 'float32' | 'int64', values: readonly number[], dims: readonly number[]): string {
    const name = `${this.prefix}/const_${this.count++}`;
    const data = type === 'int64' ? values.map((v) => BigInt(v)) : values;
    this.initializers.push(createOnnxTensor(name, type, dims, data as readonly number[] | readonly bigint[]));
    return name;
  }
}
