import type { UNetAttention } from '../attention/create-modulated-unet.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { CallOptions, UNet, UNetInput } from '../models/roles.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { concatBatch } from '../tensor/concat-batch.js';
import { splitBatch } from '../tensor/split-batch.js';
import type { Float32Tensor } from '../tensor/tensor.js';

/** Batch sizes of consecutive sub-batches of at most `max` items covering `batch`. */
function chunks(batch: number, max: number): number[] {
  const sizes: number[] = [];
  for (let left = batch; left > 0; left -= max) sizes.push(Math.min(max, left));
  return sizes;
}

/** The modulation of sub-batch items `[from, from + count)`: same regions and cycle, their strengths. */
function sliceAttention(attention: UNetAttention, from: number, count: number): UNetAttention {
  const strengths = attention.request.strengths.slice(from, from + count);
  return { ...attention, request: { ...attention.request, strengths } };
}

/**
 * Low-memory mode for the UNet role: runs every call with a batch larger than `maxBatch` as consecutive
 * sub-batches of at most `maxBatch` items (a COW cycle call of 4 branches as 2x2 or 4x1, a guided call of
 * 2 as 2x1) and concatenates the outputs, so that the activations of one model call, which grow with the
 * batch, peak lower (for SD 2.1 at a 64x64 latent, the batch-4 cycle call is the largest). Each item is
 * computed independently by the UNet, so the result equals the whole-batch call (bit for bit on ONNX
 * Runtime's CPU provider, see the test); the price is more, smaller calls. A SOW modulation passes to each
 * sub-batch with its items' strengths. Wraps any {@link UNet}, a modulated one included (its marker is kept).
 * @throws InvalidArgumentError when `maxBatch` is not a positive integer.
 * @example
 * const models = await loadStableDiffusion({ backend, folder, unetMaxBatch: 2 }); // or wrap a UNet:
 * const lowMemory = splitBatchUNet(models.unet, 1);
 */
export function splitBatchUNet<U extends UNet>(unet: U, maxBatch: number): U {
  if (!Number.isInteger(maxBatch) || maxBatch < 1) {
    throw new InvalidArgumentError('splitBatchUNet', 'maxBatch', 'a positive integer', maxBatch);
  }
  return {
    ...unet,
    async predict(input: UNetInput, options?: CallOptions): Promise<Float32Tensor> {
      const batch = input.sample.shape[0] ?? 0;
      // Only a modulated UNet takes a modulation, typed by its `ModulatedUNetInput`.
      const attention = input.attention as UNetAttention | undefined;
      const strengths = attention?.request.strengths.length ?? batch;
      if (batch <= maxBatch || input.encoderHiddenStates.shape[0] !== batch || strengths !== batch) {
        // Nothing to split, or an input the UNet itself rejects with its own message.
        return unet.predict(input, options);
      }
      const sizes = chunks(batch, maxBatch);
      const samples = splitBatch(input.sample, sizes);
      const hidden = splitBatch(input.encoderHiddenStates, sizes);
      const outputs: Float32Tensor[] = [];
      let from = 0;
      for (const [i, count] of sizes.entries()) {
        throwIfAborted(options?.signal);
        const part: UNetInput = {
          sample: samples[i] as Float32Tensor,
          timestep: input.timestep,
          encoderHiddenStates: hidden[i] as Float32Tensor,
          ...(attention !== undefined && { attention: sliceAttention(attention, from, count) }),
        };
        outputs.push(await unet.predict(part, options));
        from += count;
      }
      return concatBatch(outputs);
    },
  };
}
