import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { atStep } from '../errors/numerical-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { classifierFreeGuidance, maskedMultiBranchGuidance } from '../guidance/index.js';
import type { UNet, UNetInput, VaeDecoder } from '../models/roles.js';
import { createProgressTracker } from '../progress/create-progress-tracker.js';
import type { ProgressCallback } from '../progress/progress-event.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import type { NoiseGenerator } from '../random/noise-generator.js';
import { randn } from '../random/randn.js';
import type { NoiseSchedule } from '../scheduler/noise-schedule.js';
import { renoise } from '../scheduler/renoise.js';
import { concatBatch, cropRegion, splitBatch } from '../tensor/index.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import type { CowDenoiseOp, CowInvertOp, CowOp, CowPhase } from './cow-op.js';
import { cowScheduleTotals } from './cow-schedule-totals.js';
import type { CowUNetHook } from './cow-unet-hook.js';
import { ddimMove } from './ddim-move.js';
import { createInversionStore, type InversionStore } from './inversion-store.js';
import { regionCanvasMask } from './region-canvas-mask.js';
import { type CowRegion, replaceRegion } from './replace-region.js';
import { validateCowSchedule } from './validate-cow-schedule.js';

/** Text embeddings `[1, 77, D]` of the five prompts a COW run uses. */
export interface CowEmbeddings {
  /** Unconditional prompt (inversion and final-stage guidance). */
  readonly unconditional: Float32Tensor;
  /** The user's prompt. */
  readonly prompt: Float32Tensor;
  /** The cycles' negative prompt. */
  readonly negative: Float32Tensor;
  /** The cycles' suppress prompt (pushed away from outside the condition). */
  readonly suppress: Float32Tensor;
  /** The cycles' diverse prompt (pushed toward outside the condition). */
  readonly diverse: Float32Tensor;
}

/** The independent noise streams of the executor, forks of one seeded generator. */
export interface CowScheduleNoise {
  /** DDIM eta noise of denoise ops with eta > 0. */
  readonly eta: NoiseGenerator;
  /** Fresh noise of renoise ops. */
  readonly renoise: NoiseGenerator;
}

/** Passed to {@link RunCowScheduleOptions.onLatents} after every op that changes a latent. */
export interface CowLatentsEvent {
  /** Index of the op in the plan. */
  readonly index: number;
  /** The op that just ran. */
  readonly op: CowOp;
  /** The latent the op produced (the condition latent for condition inversion, else the canvas latent); do not mutate. */
  readonly latents: Float32Tensor;
}

/** Everything {@link runCowSchedule} needs: the plan, the model roles, the encoded inputs and the noise. */
export interface RunCowScheduleOptions {
  /** The plan, e.g. from `cowSchedule` (edited or not); validated before any model call. */
  readonly ops: readonly CowOp[];
  /** UNet role. */
  readonly unet: UNet;
  /** VAE decoder role; required when the plan has a decode op. */
  readonly vaeDecoder?: VaeDecoder;
  /** The noise schedule the levels refer to. */
  readonly schedule: NoiseSchedule;
  /** Clean condition (seed) latent `[1, C, h, w]`, inverted on its own. */
  readonly conditionLatents: Float32Tensor;
  /** Clean canvas latent `[1, C, H, W]`, the working latent. */
  readonly canvasLatents: Float32Tensor;
  /** Where the condition sits in the canvas latent; its mask is `[1, 1, h, w]`. */
  readonly region: CowRegion;
  /** Prompt embeddings. */
  readonly embeddings: CowEmbeddings;
  /** Noise streams. */
  readonly noise: CowScheduleNoise;
  /** Checked before every UNet and decoder call; an abort rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Receives phase, step and (with `previews`) preview events. */
  readonly onProgress?: ProgressCallback;
  /** Model calls already made before this plan (text and image encoding); added to `completed`. Default 0. */
  readonly progressCompleted?: number;
  /** Progress total of the whole run; default: the plan's own model calls plus `progressCompleted`. */
  readonly progressTotal?: number;
  /** Emit a `preview` event with the canvas latent after every denoise op. Default false. */
  readonly previews?: boolean;
  /** Called after every op that changes a latent (not decode), for inspection and intermediate strips. */
  readonly onLatents?: (event: CowLatentsEvent) => void;
  /**
   * Sees (and may extend) the input of every UNet call before it runs; SOW's dynamic attention
   * modulation comes in this way (`sowUNetHook`). Default: none (plain COW).
   */
  readonly unetHook?: CowUNetHook;
}

/** What {@link runCowSchedule} returns. */
export interface CowScheduleResult {
  /** The final canvas latent `[1, C, H, W]`. */
  readonly latents: Float32Tensor;
  /** Decoded image `[1, 3, 8H, 8W]` in [-1, 1], when the plan ends with a decode op. */
  readonly pixels?: Float32Tensor;
  /** The stored condition latents, by level. */
  readonly store: InversionStore;
  /** UNet calls made. */
  readonly unetCalls: number;
  /** Wall time per phase in milliseconds. */
  readonly phaseMs: Readonly<Partial<Record<CowPhase, number>>>;
}

const FN = 'runCowSchedule';

/**
 * Runs a COW plan over the core model roles: inversion with classifier-free guidance (G1), cycles with
 * the masked four-branch guidance (G2), renoising and one-way replacement, the final stage with CFG (G3)
 * and preservation replacement, and the decode. The plan is validated first; the signal is checked
 * before every model call (one UNet call is the cancellation granularity).
 * @see spec section 3.3-3.6
 * @example
 * const { pixels } = await runCowSchedule({ ops, unet, vaeDecoder, schedule, conditionLatents,
 *   canvasLatents, region, embeddings, noise: { eta: rng.fork('eta'), renoise: rng.fork('renoise') } });
 */
export async function runCowSchedule(options: RunCowScheduleOptions): Promise<CowScheduleResult> {
  const { ops, unet, vaeDecoder, schedule, region, embeddings, signal, onProgress } = options;
  validateCowSchedule(ops, schedule, FN);
  if (vaeDecoder === undefined && ops.some((op) => op.kind === 'decode')) {
    throw new InvalidArgumentError(FN, 'vaeDecoder', 'a VAE decoder (the plan has a decode op)', vaeDecoder);
  }
  const { conditionLatents, canvasLatents } = options;
  for (const [name, t] of [
    ['conditionLatents', conditionLatents],
    ['canvasLatents', canvasLatents],
  ] as const) {
    if (t.shape.length !== 4 || t.shape[0] !== 1)
      throw new ShapeMismatchError(FN, name, '[1, C, h, w]', t.shape);
  }
  const canvasMask = regionCanvasMask(region, canvasLatents.shape, FN);
  const [, , h = 0, w = 0] = region.mask.shape;
  if ((conditionLatents.shape[2] ?? 0) < h || (conditionLatents.shape[3] ?? 0) < w) {
    throw new ShapeMismatchError(
      FN,
      'conditionLatents',
      `[1, C, >=${h}, >=${w}] (the region mask's size, or padded beyond it at the bottom and right)`,
      conditionLatents.shape,
    );
  }
  // A padded condition is inverted whole; the store keeps the region-sized top-left part.
  const regionPart = (t: Float32Tensor) =>
    t.shape[2] === h && t.shape[3] === w ? t : cropRegion(t, { x: 0, y: 0, width: w, height: h });
  const cfgEmbeddings = concatBatch([embeddings.unconditional, embeddings.prompt]);
  const cycleEmbeddings = concatBatch([
    embeddings.negative,
    embeddings.prompt,
    embeddings.suppress,
    embeddings.diverse,
  ]);

  const planCalls = cowScheduleTotals(ops).modelCalls;
  const completed = options.progressCompleted ?? 0;
  const progress = createProgressTracker(
    onProgress,
    options.progressTotal ?? completed + planCalls,
    completed,
  );
  const callOptions = signal === undefined ? {} : { signal };
  const store = createInversionStore();
  const phaseMs: Partial<Record<CowPhase, number>> = {};
  let unetCalls = 0;
  let phase: CowPhase | undefined;
  const endPhase = (): void => {
    if (phase === undefined) return;
    phaseMs[phase] = (phaseMs[phase] ?? 0) + progress.endPhase();
  };

  const guided = async (
    sample: Float32Tensor,
    index: number,
    op: CowInvertOp | CowDenoiseOp,
    mode: 'cfg' | 'cycle',
  ) => {
    throwIfAborted(signal);
    const batch = mode === 'cycle' ? 4 : 2;
    const { timestep, guidanceScale: scale } = op;
    const input: UNetInput = {
      sample: concatBatch(Array.from({ length: batch }, () => sample)),
      timestep,
      encoderHiddenStates: mode === 'cycle' ? cycleEmbeddings : cfgEmbeddings,
    };
    const out = await atStep(
      unet.predict(
        options.unetHook === undefined ? input : options.unetHook(input, { index, op, guidance: mode }),
        callOptions,
      ),
      phase ?? '',
      progress.completed + 1,
    );
    unetCalls += 1;
    progress.step(timestep);
    const parts = splitBatch(out);
    if (mode === 'cfg') return classifierFreeGuidance(parts[0]!, parts[1]!, scale);
    return maskedMultiBranchGuidance({
      negative: parts[0]!,
      prompt: parts[1]!,
      suppress: parts[2]!,
      diverse: parts[3]!,
      mask: canvasMask,
      scale,
    });
  };

  let condition = conditionLatents;
  let x = canvasLatents;
  let pixels: Float32Tensor | undefined;
  for (const [index, op] of ops.entries()) {
    if (op.phase !== phase) {
      endPhase();
      phase = op.phase;
      progress.startPhase(phase);
    }
    switch (op.kind) {
      case 'invert': {
        const target = op.target === 'condition' ? condition : x;
        const keep = op.target === 'condition' ? regionPart : (t: Float32Tensor) => t;
        if (op.storeFrom) store.set(op.fromLevel, keep(target));
        const eps = await guided(target, index, op, 'cfg');
        const moved = ddimMove({
          schedule,
          modelOutput: eps,
          sample: target,
          fromLevel: op.fromLevel,
          toLevel: op.toLevel,
        });
        if (op.target === 'condition') condition = moved;
        else x = moved;
        if (op.storeTo) store.set(op.toLevel, keep(moved));
        options.onLatents?.({ index, op, latents: moved });
        break;
      }
      case 'renoise':
        x = renoise(schedule, x, op.fromLevel, op.toLevel, randn(options.noise.renoise, x.shape));
        options.onLatents?.({ index, op, latents: x });
        break;
      case 'denoise': {
        const eps = await guided(x, index, op, op.guidance === 'cycle' ? 'cycle' : 'cfg');
        const noise = op.eta > 0 ? randn(options.noise.eta, x.shape) : undefined;
        x = ddimMove({
          schedule,
          modelOutput: eps,
          sample: x,
          fromLevel: op.fromLevel,
          toLevel: op.toLevel,
          eta: op.eta,
          ...(noise === undefined ? {} : { noise }),
        });
        if (options.previews === true) {
          onProgress?.({ type: 'preview', phase: op.phase, timestep: Math.max(op.toLevel, 0), latents: x });
        }
        options.onLatents?.({ index, op, latents: x });
        break;
      }
      case 'replace':
        x = replaceRegion(x, store.get(op.level), region);
        options.onLatents?.({ index, op, latents: x });
        break;
      case 'decode':
        throwIfAborted(signal);
        pixels = await atStep(
          (vaeDecoder as VaeDecoder).decode(x, callOptions),
          op.phase,
          progress.completed + 1,
        );
        progress.step();
        break;
    }
  }
  endPhase();
  return { latents: x, ...(pixels === undefined ? {} : { pixels }), store, unetCalls, phaseMs };
}
