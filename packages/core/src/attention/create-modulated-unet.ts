import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelIOError } from '../errors/model-io-error.js';
import type { Session } from '../models/backend.js';
import type { CallOptions, UNet, UNetInput } from '../models/roles.js';
import { createUNet } from '../sd/create-unet.js';
import type { Float32Tensor, Tensor } from '../tensor/tensor.js';
import type { AttentionModulationConfig } from './attention-modulation-config.js';
import {
  ATTENTION_MODULATION_INPUTS,
  type AttentionModulationRequest,
  attentionModulationFeeds,
  attentionModulationOffFeeds,
} from './attention-modulation-feeds.js';

/** The modulation of one UNet call: what to modulate ({@link AttentionModulationRequest}) and with which constants. */
export interface UNetAttention {
  /** Regions, cycle index and per-batch-item strengths. */
  readonly request: AttentionModulationRequest;
  /** The modulation constants (see `resolveAttentionModulationConfig`). */
  readonly config: AttentionModulationConfig;
}

/** Inputs of one {@link ModulatedUNet} evaluation: a UNet input with an optional modulation. */
export interface ModulatedUNetInput extends UNetInput {
  /** Modulate self-attention in this call; without it the call is bit-identical to the unpatched UNet. */
  readonly attention?: UNetAttention;
}

/** A UNet role over a graph patched for attention modulation; usable wherever a {@link UNet} is. */
export interface ModulatedUNet extends UNet {
  /** Marks a UNet that accepts `attention` (pipelines check it before the first model call). */
  readonly attentionModulation: true;
  /** Runs one evaluation, modulated when `input.attention` is given. */
  predict(input: ModulatedUNetInput, options?: CallOptions): Promise<Float32Tensor>;
}

const NAMES = Object.values(ATTENTION_MODULATION_INPUTS) as readonly string[];

/** The session as an unpatched UNet sees it: without the modulation inputs, which `extra` feeds. */
function sessionView(session: Session, extra: Readonly<Record<string, Tensor>>): Session {
  return {
    inputs: session.inputs.filter((i) => !NAMES.includes(i.name)),
    outputs: session.outputs,
    run: (feeds, options) => session.run({ ...feeds, ...extra }, options),
    dispose: () => session.dispose(),
  };
}

function checkRequest(attention: UNetAttention, sample: Float32Tensor): void {
  const fn = 'ModulatedUNet.predict';
  const [batch, , h, w] = sample.shape;
  const mask = attention.request.regions.conditionMask.shape;
  if (mask.length !== 2 || mask[0] !== h || mask[1] !== w) {
    throw new InvalidArgumentError(
      fn,
      'attention.request.regions.conditionMask',
      `a [${h}, ${w}] mask (the sample's latent size)`,
      mask,
    );
  }
  if (attention.request.strengths.length !== batch) {
    throw new InvalidArgumentError(
      fn,
      'attention.request.strengths',
      `${batch} numbers (one per batch item)`,
      attention.request.strengths,
    );
  }
}

/**
 * Wraps a session of a UNet patched by `patchSelfAttention` (`@sow/onnx-graph`) as a UNet role that
 * accepts SOW's attention modulation per call. It behaves as `createUNet` (same exporter adaptation) and
 * feeds the patch's four inputs on every call: built by `attentionModulationFeeds` for a modulated call,
 * zero strengths otherwise (bit-identical to the unpatched model), so one session serves every phase.
 * @throws ModelIOError when the session lacks the modulation inputs (the graph is not patched) or fails
 * `createUNet`'s checks.
 * @see ../shared/spec/algorithm.md sections 5.5-5.6
 * @example
 * const unet = createModulatedUNet(await backend.loadSession({ bytes: patchSelfAttentionBytes(raw).bytes }));
 * const eps = await unet.predict({ sample, timestep, encoderHiddenStates, attention: { request, config } });
 */
export function createModulatedUNet(session: Session): ModulatedUNet {
  const missing = NAMES.filter((n) => !session.inputs.some((i) => i.name === n));
  if (missing.length > 0) {
    throw new ModelIOError(
      'unet',
      missing,
      [],
      'patch the graph with patchSelfAttention from @sow/onnx-graph',
    );
  }
  const { inChannels } = createUNet(sessionView(session, {}));
  return {
    inChannels,
    attentionModulation: true,
    async predict(input: ModulatedUNetInput, options?: CallOptions): Promise<Float32Tensor> {
      const { attention, ...plain } = input;
      if (input.sample.shape.length !== 4)
        return createUNet(sessionView(session, {})).predict(plain, options);
      const [batch = 0, , h = 0, w = 0] = input.sample.shape;
      let extra: Record<string, Tensor>;
      if (attention === undefined) {
        extra = attentionModulationOffFeeds(h, w, batch);
      } else {
        checkRequest(attention, input.sample);
        extra = attentionModulationFeeds(attention.request, attention.config);
      }
      return createUNet(sessionView(session, extra)).predict(plain, options);
    },
  };
}
