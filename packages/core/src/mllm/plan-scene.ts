import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { askStage, type ProviderErrorPolicy } from './ask-stage.js';
import { checkMllmImage, checkPlanInputs } from './check-plan-inputs.js';
import type { MllmImage, MllmModel, MllmRequest } from './mllm-model.js';
import { normalizeConditionBox } from './normalize-condition-box.js';
import { normalizeRelatedBox } from './normalize-related-box.js';
import { readBoxReply, readIntensifyReply } from './parse-stage-reply.js';
import { referenceBox } from './plan-scene-offline.js';
import { relatedBoxBelow } from './related-box-below.js';
import type { FieldProvenance, SceneBox, SceneCanvas, ScenePlan } from './scene-plan.js';
import type { ScenePlanConfig } from './scene-plan-config.js';
import { sideRange } from './side-range.js';
import { renderStagePrompt, resolveStagePrompts, type StagePrompts } from './stage-prompts.js';
import { STAGE_SCHEMAS } from './stage-schemas.js';

/** Per-call options of {@link planScene}. */
export interface PlanSceneOptions {
  /** The visual condition, encoded (PNG, JPEG, ...). */
  readonly image: MllmImage;
  /** The user's text prompt P. */
  readonly prompt: string;
  /** Canvas the boxes live on; default 512 x 512. */
  readonly canvas?: SceneCanvas;
  /** Box rules; defaults in {@link DEFAULT_SCENE_PLAN_CONFIG}. */
  readonly config?: Partial<ScenePlanConfig>;
  /** Replacement stage templates; defaults in {@link DEFAULT_STAGE_PROMPTS}. */
  readonly prompts?: Partial<StagePrompts>;
  /** Sampling temperature for every stage; provider default when absent. */
  readonly temperature?: number;
  /** Sampling seed for every stage, where the provider supports one. */
  readonly seed?: number;
  /** Token limit per stage reply. */
  readonly maxTokens?: number;
  /**
   * When the provider fails (HTTP error after its retries, network, timeout): `throw` the
   * `MllmProviderError` (default, so a broken key or server is never hidden) or `fallback` per field.
   */
  readonly onProviderError?: ProviderErrorPolicy;
  /** Cancels planning; the call rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

const FN = 'planScene';

function checkSampling(options: PlanSceneOptions): void {
  const { temperature, seed, maxTokens, onProviderError } = options;
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0)) {
    throw new InvalidArgumentError(FN, 'options.temperature', 'a finite number >= 0', temperature);
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError(FN, 'options.seed', 'a safe integer', seed);
  }
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens > 0)) {
    throw new InvalidArgumentError(FN, 'options.maxTokens', 'a positive integer', maxTokens);
  }
  if (onProviderError !== undefined && onProviderError !== 'throw' && onProviderError !== 'fallback') {
    throw new InvalidArgumentError(FN, 'options.onProviderError', "'throw' or 'fallback'", onProviderError);
  }
}

const fromModel = (adjusted: boolean, raw?: readonly number[]): FieldProvenance =>
  adjusted && raw !== undefined
    ? { source: 'model', adjusted, note: `adjusted from [${raw.join(', ')}] to the box rules` }
    : { source: 'model', adjusted };

/**
 * Plans a SOW scene with a multimodal LLM in the paper's three stages: prompt intensification and
 * adaptive position in parallel, then the condition-related region. Each reply is parsed strictly and
 * validated ({@link normalizeConditionBox}, {@link normalizeRelatedBox}); an unusable reply is asked
 * once more, then the field falls back: prompt → P unchanged, box → the reference placement
 * ({@link referenceBox}), related box → {@link relatedBoxBelow}. `provenance` records the source of
 * every field. One MLLM call is the cancellation granularity.
 * @see ../shared/spec/algorithm.md section 5.2 (MLLM stages) and 5.6 step 1
 * @example
 * ```ts
 * const plan = await planScene(createGeminiMllm(), {
 *   image: { mimeType: 'image/png', data: pngBytes },
 *   prompt: 'a watercolor portrait of a woman in a garden',
 * });
 * plan.box; // e.g. [128, 32, 224, 224]
 * ```
 */
export async function planScene(mllm: MllmModel, options: PlanSceneOptions): Promise<ScenePlan> {
  if (typeof mllm !== 'object' || mllm === null || typeof mllm.generate !== 'function') {
    throw new InvalidArgumentError(FN, 'mllm', 'an MllmModel with a generate() method', mllm);
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(FN, 'options', '{ image, prompt, ... }', options);
  }
  const { canvas, config } = checkPlanInputs(FN, options.prompt, options.canvas, options.config);
  checkMllmImage(FN, options.image);
  checkSampling(options);
  const templates = resolveStagePrompts(FN, options.prompts);
  const { signal } = options;
  throwIfAborted(signal);

  const range = sideRange(canvas, config);
  const prompt = options.prompt.trim();
  const vars = {
    prompt,
    intensifiedPrompt: prompt,
    width: String(canvas.width),
    height: String(canvas.height),
    minSide: String(range.min),
    maxSide: String(range.max),
    grid: String(config.grid),
    box: '',
  };
  const request = (
    template: string,
    schema: MllmRequest['jsonSchema'],
    values: typeof vars,
  ): MllmRequest => ({
    parts: [
      { type: 'image', image: options.image },
      { type: 'text', text: renderStagePrompt(template, values) },
    ],
    ...(schema === undefined ? {} : { jsonSchema: schema }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(signal === undefined ? {} : { signal }),
  });
  const policy = options.onProviderError ?? 'throw';

  const [stage1, stage2] = await Promise.all([
    askStage(mllm, request(templates.intensify, STAGE_SCHEMAS.intensify, vars), readIntensifyReply, policy),
    askStage(
      mllm,
      request(templates.position, STAGE_SCHEMAS.position, vars),
      (text) => {
        const raw = readBoxReply(text, 'bbox');
        return raw.ok
          ? { ok: true, value: { raw: raw.value, ...normalizeConditionBox(raw.value, canvas, config) } }
          : raw;
      },
      policy,
    ),
  ]);

  const finalPrompt = stage1.ok ? stage1.value.intensifiedPrompt : prompt;
  const box: SceneBox = stage2.ok ? stage2.value.box : referenceBox(canvas, config);
  const stage3 = await askStage(
    mllm,
    request(templates.related, STAGE_SCHEMAS.related, {
      ...vars,
      intensifiedPrompt: finalPrompt,
      box: `[${box.join(', ')}]`,
    }),
    (text) => {
      const raw = readBoxReply(text, 'related_bbox');
      if (!raw.ok) return raw;
      const normalized = normalizeRelatedBox(raw.value, box, canvas, config.grid);
      return normalized === undefined
        ? {
            ok: false,
            error: `related_bbox [${raw.value.join(', ')}] must lie in the canvas and touch or overlap bbox [${box.join(', ')}]`,
          }
        : { ok: true, value: { raw: raw.value, ...normalized } };
    },
    policy,
  );

  return {
    prompt: finalPrompt,
    box,
    relatedBox: stage3.ok ? stage3.value.box : relatedBoxBelow(box, canvas, config.grid),
    canvas,
    ...(stage1.ok && stage1.value.description !== '' ? { description: stage1.value.description } : {}),
    provenance: {
      prompt: stage1.ok ? fromModel(false) : { source: 'fallback', adjusted: false, note: stage1.error },
      box: stage2.ok
        ? fromModel(stage2.value.adjusted, stage2.value.raw)
        : { source: 'fallback', adjusted: false, note: stage2.error },
      relatedBox: stage3.ok
        ? fromModel(stage3.value.adjusted, stage3.value.raw)
        : { source: 'fallback', adjusted: false, note: stage3.error },
    },
  };
}
