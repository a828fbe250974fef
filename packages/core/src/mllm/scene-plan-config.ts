/**
 * Box rules for scene planning (an algorithm setting, not per call). Pass a partial object to override.
 * @see ../shared/spec/algorithm.md section 5.2 (validation)
 */
export interface ScenePlanConfig {
  /** Smallest condition side, in px on a {@link ScenePlanConfig.referenceSize} canvas. Default 180 (paper). */
  readonly minSide: number;
  /** Largest condition side, in px on a {@link ScenePlanConfig.referenceSize} canvas. Default 256 (paper). */
  readonly maxSide: number;
  /** Canvas side the side range refers to, in px; other canvases scale it by `min(width, height) / referenceSize`. Default 512. */
  readonly referenceSize: number;
  /** Grid that box corners and sides snap to, in px (the VAE factor). Default 8. */
  readonly grid: number;
  /** Force the condition box to be square (`w = h`, the mean of the model's two sides). Default true. */
  readonly square: boolean;
}

/** Frozen defaults of {@link ScenePlanConfig}: sides 180-256 px on a 512 canvas, 8 px grid, square boxes. */
export const DEFAULT_SCENE_PLAN_CONFIG: Readonly<ScenePlanConfig> = Object.freeze({
  minSide: 180,
  maxSide: 256,
  referenceSize: 512,
  grid: 8,
  square: true,
});
