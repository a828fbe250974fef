import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelIOError } from '../errors/model-io-error.js';
import type { Session } from '../models/backend.js';
import type { CallOptions, TextEncoder } from '../models/roles.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { createTensor, type Tensor } from '../tensor/tensor.js';
import { checkDtype, checkSessionIO, tensorInfo } from './check-session-io.js';
import { fromModelFloat } from './model-float.js';

const ROLE = 'text_encoder';

/**
 * Wraps a CLIP text-encoder session as the {@link TextEncoder} role, adapting to the exporter: `input_ids`
 * is fed as int32 (diffusers' script) or int64 (Optimum), whichever the model declares, and a float16
 * `last_hidden_state` comes back as float32. Extra outputs (`pooler_output`, `hidden_states.N`) are
 * ignored.
 * @throws ModelIOError when the session lacks `input_ids` or `last_hidden_state`, has other inputs, or
 * declares types or a hidden width the role cannot use.
 * @see ../shared/spec/onnx-models.md section 1.8
 * @example
 * const textEncoder = createTextEncoder(await backend.loadSession(source));
 * const hidden = await textEncoder.encode([tokenizer.encode('a photo of a cat').ids]);
 */
export function createTextEncoder(session: Session): TextEncoder {
  checkSessionIO(ROLE, session, { inputs: ['input_ids'], outputs: ['last_hidden_state'] });
  const idsInfo = tensorInfo(session.inputs, 'input_ids');
  const hiddenInfo = tensorInfo(session.outputs, 'last_hidden_state');
  checkDtype(ROLE, idsInfo, ['int32', 'int64']);
  checkDtype(ROLE, hiddenInfo, ['float32', 'float16']);
  const hiddenSize = hiddenInfo.shape[hiddenInfo.shape.length - 1];
  if (hiddenInfo.shape.length !== 3 || typeof hiddenSize !== 'number') {
    throw new ModelIOError(
      ROLE,
      [],
      [],
      `last_hidden_state must be [batch, sequence, width] with a fixed width, got [${hiddenInfo.shape.join(', ')}]`,
    );
  }

  return {
    hiddenSize,
    async encode(ids: readonly (readonly number[])[], options?: CallOptions) {
      const length = ids[0]?.length ?? 0;
      if (length === 0 || ids.some((row) => row.length !== length)) {
        throw new InvalidArgumentError(
          'TextEncoder.encode',
          'ids',
          'a non-empty batch of equally long, non-empty id rows',
          ids.map((row) => row.length),
        );
      }
      const flat = ids.flat();
      const bad = flat.find((v) => !Number.isInteger(v) || v < 0);
      if (bad !== undefined) {
        throw new InvalidArgumentError('TextEncoder.encode', 'ids', 'non-negative integers', bad);
      }
      const shape = [ids.length, length];
      const input: Tensor =
        idsInfo.dtype === 'int64' ? createTensor('int64', shape, flat) : createTensor('int32', shape, flat);
      throwIfAborted(options?.signal);
      const out = await session.run({ input_ids: input }, options);
      return fromModelFloat(ROLE, 'last_hidden_state', out.last_hidden_state);
    },
  };
}
