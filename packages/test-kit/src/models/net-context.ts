import { float32ToFloat16 } from '@sow/core';
import { createOnnxTensor, type GraphBuilder } from '@sow/onnx-graph';
import type { SeededRandom } from './seeded-random.js';

/** The float type a generated graph computes in. */
export type FloatType = 'float32' | 'float16';

/**
 * Where a {@link NetContext} puts its weights instead of inline initializers: lets a generator write a
 * multi-GB model's weights straight to an external data file, or record only their shapes (to count
 * parameters without allocating them).
 */
export interface WeightSink {
  /** Stores weight `name` with float32 `values` of shape `dims`; returns the graph value that holds it. */
  tensor(name: string, dims: readonly number[], values: Float32Array): string;
  /** Stores a random weight of shape `dims` and standard deviation `std`; the sink draws the values. */
  random(name: string, dims: readonly number[], std: number): string;
}

/**
 * Wraps a {@link GraphBuilder} with a seeded weight source and a module path, so layers name their nodes
 * (`/down_blocks.0/resnets.0/conv1/Conv`) and weights (`down_blocks.0.resnets.0.conv1.weight`) as the
 * PyTorch exporter does, in the graph's float type.
 */
export class NetContext {
  private readonly path: string[] = [];

  /**
   * Wraps `g`; weights come from `rng`, in `float`, as inline initializers or, given a `sink`, into it
   * (as float32, whatever `float` is).
   */
  constructor(
    readonly g: GraphBuilder,
    readonly rng: SeededRandom,
    readonly float: FloatType,
    readonly sink?: WeightSink,
  ) {}

  /** Runs `body` inside module `name` (node scope and weight prefix). */
  scope<T>(name: string, body: () => T): T {
    this.path.push(name);
    try {
      return this.g.scope(name, body);
    } finally {
      this.path.pop();
    }
  }

  /** Adds a float initializer `<path>.<name>` with the given values. */
  tensor(name: string, dims: readonly number[], values: Float32Array): string {
    const full = this.qualified(name);
    if (this.sink !== undefined) return this.sink.tensor(full, dims, values);
    return this.float === 'float16'
      ? this.g.initializer(full, 'float16', dims, float32ToFloat16(values))
      : this.g.initializer(full, 'float32', dims, values);
  }

  /** Adds a random normal weight `<path>.<name>` with standard deviation `std`. */
  weight(name: string, dims: readonly number[], std: number): string {
    if (this.sink !== undefined) return this.sink.random(this.qualified(name), dims, std);
    return this.tensor(
      name,
      dims,
      this.rng.normal(
        dims.reduce((a, b) => a * b, 1),
        std,
      ),
    );
  }

  private qualified(name: string): string {
    return [...this.path, name].join('.');
  }

  /** Adds a float `Constant` node (scalars, frequency tables, masks) in the graph's float type. */
  constant(dims: readonly number[], values: readonly number[] | Float32Array): string {
    const data = Float32Array.from(values);
    return this.float === 'float16'
      ? this.g.constant('float16', dims, float32ToFloat16(data))
      : this.g.constant('float32', dims, data);
  }

  /** Adds an int64 `Constant` node (shapes, axes, indices). */
  ints(values: readonly number[]): string {
    return this.g.constant('int64', [values.length], BigInt64Array.from(values, BigInt));
  }

  /** Adds a scalar-tensor attribute value in the graph's float type (for `ConstantOfShape`). */
  floatTensorAttribute(value: number) {
    const data = Float32Array.of(value);
    return this.float === 'float16'
      ? createOnnxTensor('', 'float16', [1], float32ToFloat16(data))
      : createOnnxTensor('', 'float32', [1], data);
  }
}
