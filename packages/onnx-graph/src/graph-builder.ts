import { type AttributeInput, toOnnxAttribute } from './attributes.js';
import { createOnnxTensor, dataTypeOf, type ElementType, type TensorData } from './tensor-data.js';
import type { OnnxGraph, OnnxModel, OnnxNode, OnnxOpsetId, OnnxTensor, OnnxValueInfo } from './types.js';

/** A dimension of a declared input or output: a fixed size or a symbolic name such as `'batch'`. */
export type Dim = number | string;

/** Per-node options of {@link GraphBuilder.node}. */
export interface NodeOptions {
  /** Attributes by name. */
  readonly attributes?: Readonly<Record<string, AttributeInput>>;
  /** Node name; default `/<scope>/<OpType>` with a `_<n>` suffix on repeats, as the PyTorch exporter names them. */
  readonly name?: string;
  /** Output value names, or how many outputs to create; default one output named `<node name>_output_0`. */
  readonly outputs?: readonly string[] | number;
  /** Operator domain; default `''` (ai.onnx). */
  readonly domain?: string;
}

/** Model-level options of {@link GraphBuilder.toModel}. */
export interface ModelOptions {
  /** Default-domain opset version; default 17. */
  readonly opset?: number;
  /** ONNX IR version; default 8 (the newest ONNX Runtime 1.14+ reads, and right for opset 17). */
  readonly irVersion?: number;
  /** Extra opset imports, e.g. `[{ domain: 'com.microsoft', version: 1 }]`. */
  readonly extraOpsets?: readonly OnnxOpsetId[];
  /** `producer_name`; default `'sow'`. */
  readonly producerName?: string;
  /** Model metadata entries. */
  readonly metadata?: Readonly<Record<string, string>>;
}

function valueInfo(name: string, type: ElementType, shape: readonly Dim[] | undefined): OnnxValueInfo {
  const tensorType =
    shape === undefined
      ? { elemType: dataTypeOf(type) }
      : {
          elemType: dataTypeOf(type),
          shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
        };
  return { name, type: { tensorType } };
}

/**
 * Builds an ONNX graph imperatively, naming nodes like the PyTorch exporter (`/down_blocks.0/attn1/Softmax`)
 * through nested {@link GraphBuilder.scope} calls. Every method returns value names you feed to later nodes.
 * Use it to write small test and conformance models without Python.
 * @example
 * const g = new GraphBuilder('linear');
 * const x = g.input('x', 'float32', ['batch', 4]);
 * const w = g.initializer('w', 'float32', [4, 2], new Float32Array(8).fill(0.5));
 * g.output(g.scope('linear', () => g.matMul(x, w)), 'float32', ['batch', 2], 'y');
 * const bytes = buildModel(g);
 */
export class GraphBuilder {
  /** Graph name. */
  readonly name: string;
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly scopes: string[] = [];
  private readonly nameCounts = new Map<string, number>();

  /** Creates an empty graph called `name`. */
  constructor(name = 'main_graph') {
    this.name = name;
  }

  /** Declares a graph input and returns its name. */
  input(name: string, type: ElementType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /**
   * Declares `value` as a graph output; with `as`, the output is named `as` (through an `Identity` node).
   * Returns the output name.
   */
  output(value: string, type: ElementType, shape?: readonly Dim[], as?: string): string {
    const name = as ?? value;
    if (name !== value) this.node('Identity', [value], { outputs: [name] });
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Adds a weight (initializer) with its data in `rawData` and returns its name. */
  initializer(
    name: string,
    type: ElementType,
    dims: readonly number[],
    values: TensorData | readonly number[] | readonly bigint[],
  ): string {
    this.initializers.push(createOnnxTensor(name, type, dims, values));
    return name;
  }

  /** Adds a `Constant` node in the current scope (as exporters emit shapes and scalars) and returns its output. */
  constant(type: ElementType, dims: readonly number[], values: TensorData | readonly number[]): string {
    return this.node('Constant', [], { attributes: { value: createOnnxTensor('', type, dims, values) } });
  }

  /** Runs `body` with `name` appended to the node-name scope (`/a/b/...`) and returns what it returns. */
  scope<T>(name: string, body: () => T): T {
    this.scopes.push(name);
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /** Adds a node and returns its first output name; see {@link NodeOptions} for naming. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string {
    return this.nodeOutputs(opType, inputs, options)[0]!;
  }

  /** Adds a node and returns all its output names. */
  nodeOutputs(opType: string, inputs: readonly string[], options: NodeOptions = {}): string[] {
    const name = options.name ?? this.uniqueName(`/${[...this.scopes, opType].join('/')}`);
    const spec = options.outputs ?? 1;
    const outputs =
      typeof spec === 'number' ? Array.from({ length: spec }, (_, i) => `${name}_output_${i}`) : [...spec];
    const node: OnnxNode = { input: [...inputs], output: outputs, name, opType };
    if (options.domain !== undefined) node.domain = options.domain;
    const attributes = Object.entries(options.attributes ?? {});
    if (attributes.length > 0) node.attribute = attributes.map(([k, v]) => toOnnxAttribute(k, v));
    this.nodes.push(node);
    return outputs;
  }

  /** `MatMul(a, b)`. */
  matMul(a: string, b: string): string {
    return this.node('MatMul', [a, b]);
  }

  /** `Add(a, b)`. */
  add(a: string, b: string): string {
    return this.node('Add', [a, b]);
  }

  /** `Sub(a, b)`. */
  sub(a: string, b: string): string {
    return this.node('Sub', [a, b]);
  }

  /** `Mul(a, b)`. */
  mul(a: string, b: string): string {
    return this.node('Mul', [a, b]);
  }

  /** `Div(a, b)`. */
  div(a: string, b: string): string {
    return this.node('Div', [a, b]);
  }

  /** `Softmax(x)` over `axis` (default -1). */
  softmax(x: string, axis = -1): string {
    return this.node('Softmax', [x], { attributes: { axis } });
  }

  /** `Reshape(x, shape)` with the target shape as an int64 `Constant` (0 copies, -1 infers). */
  reshape(x: string, shape: readonly number[]): string {
    return this.node('Reshape', [
      x,
      this.constant('int64', [shape.length], BigInt64Array.from(shape, BigInt)),
    ]);
  }

  /** `Transpose(x)` with permutation `perm`. */
  transpose(x: string, perm: readonly number[]): string {
    return this.node('Transpose', [x], { attributes: { perm } });
  }

  /** `Cast(x)` to element type `to`. */
  cast(x: string, to: ElementType): string {
    return this.node('Cast', [x], { attributes: { to: dataTypeOf(to) } });
  }

  /** `Concat(inputs)` along `axis`. */
  concat(inputs: readonly string[], axis: number): string {
    return this.node('Concat', inputs, { attributes: { axis } });
  }

  /** `Unsqueeze(x, axes)` (opset ≥ 13 form: axes as an int64 `Constant` input). */
  unsqueeze(x: string, axes: readonly number[]): string {
    return this.node('Unsqueeze', [
      x,
      this.constant('int64', [axes.length], BigInt64Array.from(axes, BigInt)),
    ]);
  }

  /** Returns the graph built so far as plain data. */
  toGraph(): OnnxGraph {
    return {
      name: this.name,
      node: [...this.nodes],
      initializer: [...this.initializers],
      input: [...this.inputs],
      output: [...this.outputs],
    };
  }

  /** Wraps the graph in a model with opset imports and metadata; see {@link ModelOptions}. */
  toModel(options: ModelOptions = {}): OnnxModel {
    const opsetImport = [
      { domain: '', version: options.opset ?? 17 },
      ...(options.extraOpsets ?? []).map((o) => ({ ...o })),
    ];
    const model: OnnxModel = {
      irVersion: options.irVersion ?? 8,
      opsetImport,
      producerName: options.producerName ?? 'sow',
      graph: this.toGraph(),
    };
    const metadata = Object.entries(options.metadata ?? {});
    if (metadata.length > 0) model.metadataProps = metadata.map(([key, value]) => ({ key, value }));
    return model;
  }

  private uniqueName(base: string): string {
    const n = this.nameCounts.get(base) ?? 0;
    this.nameCounts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }
}
