import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel } from '@sow/onnx-graph';
import { ExternalWeights } from './external-weights.js';
import { buildSd21Unet } from './sd21-unet-graph.js';

/**
 * Version of what {@link writeSd21Unet} writes; bump it whenever the graph or its weights change, so
 * callers that cache the files regenerate them.
 */
export const SD21_UNET_GENERATOR_VERSION = 1;

/** The files {@link writeSd21Unet} wrote. */
export interface Sd21UnetFiles {
  /** Path of `model.onnx` (the graph; its weights are in `model.onnx_data` beside it). */
  readonly model: string;
  /** Number of weight elements (SD 2.1 base's 865,910,724). */
  readonly parameters: number;
}

/**
 * Writes the random-weight Stable Diffusion 2.1 base UNet of {@link buildSd21Unet} into `dir` as Optimum
 * lays it out: `model.onnx` and its float32 weights in `model.onnx_data` (3.5 GB, streamed to disk one
 * weight at a time, so it needs little memory). Deterministic. Takes tens of seconds.
 * @example
 * const { model } = writeSd21Unet('.cache/bench-models/sd21-unet');
 * const session = await backend.loadSession({ location: model });
 */
export function writeSd21Unet(dir: string): Sd21UnetFiles {
  mkdirSync(dir, { recursive: true });
  const location = 'model.onnx_data';
  const fd = openSync(join(dir, location), 'w');
  try {
    const weights = new ExternalWeights(location, (bytes, offset) => {
      let done = 0;
      while (done < bytes.byteLength) {
        done += writeSync(fd, bytes, done, bytes.byteLength - done, offset + done);
      }
    });
    const model = join(dir, 'model.onnx');
    writeFileSync(model, encodeModel(buildSd21Unet(weights)));
    return { model, parameters: weights.parameterCount };
  } finally {
    closeSync(fd);
  }
}
