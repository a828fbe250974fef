import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelIOError } from '../errors/model-io-error.js';
import type { Session, TensorInfo } from '../models/backend.js';
import type { CallOptions, UNet, UNetInput } from '../models/roles.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { castTensor } from '../tensor/cast-tensor.js';
import { createTensor, type Tensor } from '../tensor/tensor.js';
import { checkDtype, checkSessionIO, tensorInfo } from './check-session-io.js';
import { fromModelFloat, toModelFloat } from './model-float.js';

const ROLE = 'unet';

/** The `timestep` feed in the type and shape the export declares: `[]`, `[1]` or `[batch]`. */
function timestepFeed(info: TensorInfo, timestep: number, batch: number): Tensor {
  let shape: number[];
  if (info.shape.length === 0) {
    shape = [];
  } else {
    const dim = info.shape[0];
    shape = [typeof dim === 'number' ? dim : batch];
  }
  const n = shape[0] ?? 1;
  if (n !== 1 && n !== batch) {
    throw new ModelIOError(ROLE, [], [], `timestep is fixed to [${n}] but the batch is ${batch}`);
  }
  const values = new Array<number>(n).fill(timestep);
  if (info.dtype === 'int64') return createTensor('int64', shape, values.map(Math.round));
  if (info.dtype === 'int32') return createTensor('int32', shape, values.map(Math.round));
  const t32 = createTensor('float32', shape, values);
  return info.dtype === 'float16' ? castTensor(t32, 'float16') : t32;
}

/**
 * Wraps a Stable Diffusion UNet session as the {@link UNet} role, adapting to the exporter by reading its
 * metadata: `timestep` as float32 `[batch]` (diffusers' script), int64 `[steps]` (Optimum before 2024-11)
 * or a float scalar `[]` (Optimum today, float16 in fp16 exports); `sample` and `encoder_hidden_states`
 * in the export's float type, with float32 in and out of the library.
 * @throws ModelIOError when the names differ from `sample`, `timestep`, `encoder_hidden_states` →
 * `out_sample`, or a type or rank cannot be fed.
 * @see ../shared/spec/onnx-models.md section 1.8
 * @example
 * const unet = createUNet(await backend.loadSession(source));
 * const eps = await unet.predict({ sample, timestep: 981, encoderHiddenStates });
 */
export function createUNet(session: Session): UNet {
  checkSessionIO(ROLE, session, {
    inputs: ['sample', 'timestep', 'encoder_hidden_states'],
    outputs: ['out_sample'],
  });
  const sampleInfo = tensorInfo(session.inputs, 'sample');
  const timestepInfo = tensorInfo(session.inputs, 'timestep');
  const hiddenInfo = tensorInfo(session.inputs, 'encoder_hidden_states');
  checkDtype(ROLE, sampleInfo, ['float32', 'float16']);
  checkDtype(ROLE, hiddenInfo, ['float32', 'float16']);
  checkDtype(ROLE, timestepInfo, ['float32', 'float16', 'int64', 'int32']);
  checkDtype(ROLE, tensorInfo(session.outputs, 'out_sample'), ['float32', 'float16']);
  if (timestepInfo.shape.length > 1) {
    throw new ModelIOError(
      ROLE,
      [],
      [],
      `timestep must be a scalar or 1-D, got [${timestepInfo.shape.join(', ')}]`,
    );
  }
  const channels = sampleInfo.shape[1];
  const inChannels = typeof channels === 'number' ? channels : 4;

  return {
    inChannels,
    async predict(input: UNetInput, options?: CallOptions) {
      const { sample, timestep, encoderHiddenStates } = input;
      const batch = sample.shape[0] ?? 0;
      if (sample.shape.length !== 4 || sample.shape[1] !== inChannels) {
        throw new InvalidArgumentError(
          'UNet.predict',
          'sample',
          `a [B, ${inChannels}, h, w] tensor`,
          sample.shape,
        );
      }
      if (encoderHiddenStates.shape.length !== 3 || encoderHiddenStates.shape[0] !== batch) {
        throw new InvalidArgumentError(
          'UNet.predict',
          'encoderHiddenStates',
          `a [${batch}, sequence, width] tensor`,
          encoderHiddenStates.shape,
        );
      }
      if (input.attention !== undefined) {
        throw new InvalidArgumentError(
          'UNet.predict',
          'attention',
          'absent for a UNet whose graph is not patched (use createModulatedUNet over a patchSelfAttention graph)',
          'a modulation request',
        );
      }
      if (!Number.isFinite(timestep) || timestep < 0) {
        throw new InvalidArgumentError('UNet.predict', 'timestep', 'a finite non-negative number', timestep);
      }
      const feeds = {
        sample: toModelFloat(sample, sampleInfo),
        timestep: timestepFeed(timestepInfo, timestep, batch),
        encoder_hidden_states: toModelFloat(encoderHiddenStates, hiddenInfo),
      };
      throwIfAborted(options?.signal);
      const out = await session.run(feeds, options);
      return fromModelFloat(ROLE, 'out_sample', out.out_sample);
    },
  };
}
