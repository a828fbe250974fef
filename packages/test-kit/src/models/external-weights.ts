import { DataLocation, DataType, type OnnxTensor } from '@sow/onnx-graph';
import type { WeightSink } from './net-context.js';

/** Receives a weight's bytes and where they go in the external data file. */
export type WeightWriter = (bytes: Uint8Array, offset: number) => void;

/**
 * A {@link WeightSink} that lays every weight out in one external data file (float32, each at an offset
 * aligned to 4096 bytes so ONNX Runtime can map it) and records it as an external-data initializer. Values
 * go to `write` as they are made and are never kept, so a multi-GB model is generated in little memory;
 * without `write`, random values are not even drawn: the initializers (and {@link parameterCount}) describe
 * the model for inspection, not for running. Random weights are uniform with the asked standard deviation
 * (mulberry32: fast, and never denormal).
 */
export class ExternalWeights implements WeightSink {
  /** One external-data initializer per weight, in the order added. */
  readonly initializers: OnnxTensor[] = [];
  private size = 0;
  private parameters = 0;
  private state: number;

  /** Weights go to the file named `location` (relative to the model file); values to `write`, if given. */
  constructor(
    readonly location: string,
    private readonly write?: WeightWriter,
    seed = 1,
  ) {
    this.state = seed >>> 0;
  }

  /** Number of weight elements added so far. */
  get parameterCount(): number {
    return this.parameters;
  }

  /** Size of the external data file in bytes. */
  get byteLength(): number {
    return this.size;
  }

  /** Stores `values` (float32) as weight `name`. */
  tensor(name: string, dims: readonly number[], values: Float32Array): string {
    return this.add(name, dims, () => values);
  }

  /** Stores a uniform random weight of standard deviation `std` as `name`. */
  random(name: string, dims: readonly number[], std: number): string {
    return this.add(name, dims, (count) => this.uniform(count, std));
  }

  private add(name: string, dims: readonly number[], values: (count: number) => Float32Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const offset = Math.ceil(this.size / 4096) * 4096;
    if (this.write !== undefined) {
      const data = values(count);
      if (data.length !== count) {
        throw new RangeError(
          `ExternalWeights: ${name} needs ${count} values for [${dims}], got ${data.length}.`,
        );
      }
      this.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    }
    this.initializers.push({
      name,
      dataType: DataType.Float,
      dims: [...dims],
      dataLocation: DataLocation.External,
      externalData: [
        { key: 'location', value: this.location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(4 * count) },
      ],
    });
    this.size = offset + 4 * count;
    this.parameters += count;
    return name;
  }

  /** `count` values uniform in `±std·√3` (standard deviation `std`). */
  private uniform(count: number, std: number): Float32Array {
    const out = new Float32Array(count);
    const scale = (2 * Math.sqrt(3) * std) / 4294967296;
    const shift = Math.sqrt(3) * std;
    let a = this.state;
    for (let i = 0; i < count; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 0) * scale - shift;
    }
    this.state = a >>> 0;
    return out;
  }
}
