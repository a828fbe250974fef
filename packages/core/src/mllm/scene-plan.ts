/** A box on the canvas as `[x, y, width, height]` in integer pixels, with `(x, y)` its top-left corner. */
export type SceneBox = readonly [x: number, y: number, width: number, height: number];

/** The generation canvas in pixels (origin top-left); both sides are multiples of 8. */
export interface SceneCanvas {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/** Where one field of a {@link ScenePlan} came from, and what validation did to it. */
export interface FieldProvenance {
  /**
   * `model`: the MLLM's answer (possibly clamped or snapped, see `adjusted`); `fallback`: the documented
   * fallback after the MLLM failed; `offline` / `random`: produced by the offline or random planner.
   */
  readonly source: 'model' | 'fallback' | 'offline' | 'random';
  /** True when a model value was clamped, rounded or snapped to satisfy the box rules. */
  readonly adjusted: boolean;
  /** Why the fallback was used, or what was adjusted; absent when there is nothing to say. */
  readonly note?: string;
}

/** Provenance of every field of a {@link ScenePlan}. */
export interface ScenePlanProvenance {
  /** Where the prompt came from. */
  readonly prompt: FieldProvenance;
  /** Where the condition box came from. */
  readonly box: FieldProvenance;
  /** Where the related box came from. */
  readonly relatedBox: FieldProvenance;
}

/**
 * The layout SOW generates from: the (intensified) text prompt, the box the visual condition is pasted
 * into, and the condition-related region that attention modulation guides.
 * @see ../shared/spec/algorithm.md section 5.2 (MLLM stages) and 5.6 (SOW loop)
 */
export interface ScenePlan {
  /** Text-to-image prompt: the intensified prompt P*, or the user's prompt P on fallback. */
  readonly prompt: string;
  /** Condition box: square by default, side within the scaled 180-256 px range, on the 8 px grid. */
  readonly box: SceneBox;
  /** Region that must connect to the condition (for a face: neck, shoulders, body); touches or overlaps `box`. */
  readonly relatedBox: SceneBox;
  /** The canvas the boxes live on. */
  readonly canvas: SceneCanvas;
  /** Stage-1 description of the condition's visible attributes, when the model gave one. */
  readonly description?: string;
  /** Which fields came from the model, and which from a fallback or planner. */
  readonly provenance: ScenePlanProvenance;
}
