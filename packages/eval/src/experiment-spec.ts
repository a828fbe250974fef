import type { AttentionModulationConfigOverrides, CowPresetName, SowSwitches } from '@sow/core';
import type { PixelBox } from './pixel-box.js';

/** One generation method of an experiment. */
export type ExperimentMethod =
  /** Plain Stable Diffusion text-to-image (no visual condition). */
  | { readonly kind: 'txt2img' }
  /** COW with a preset, the condition at the condition's `box` (default: the reference box). */
  | { readonly kind: 'cow'; readonly preset: CowPresetName }
  /**
   * SOW with the ablation switches (AP, DAM, PI); `attention` overrides the modulation constants (the
   * paper's Table III variants) and `label` names such a variant in reports.
   */
  | {
      readonly kind: 'sow';
      readonly switches: SowSwitches;
      readonly preset?: CowPresetName;
      readonly attention?: AttentionModulationConfigOverrides;
      readonly label?: string;
    }
  /** The random-position baseline: COW at a box drawn by `planSceneRandom` from the job's seed. */
  | { readonly kind: 'random-position'; readonly preset?: CowPresetName };

/** A visual condition of an experiment. */
export interface ExperimentCondition {
  /** Short id used in file names and reports (letters, digits, `-`, `_`). */
  readonly id: string;
  /** Path of the condition image (PNG or JPEG), relative to the spec file. */
  readonly image: string;
  /** Where COW methods paste it on the canvas; default the reference box (top centre, largest side). */
  readonly box?: PixelBox;
}

/** An experiment: every condition x prompt x seed x method is one generated image. */
export interface ExperimentSpec {
  /** Name shown in reports. */
  readonly name: string;
  /** Stable Diffusion ONNX folder, relative to the spec file; absent: the executor's default. */
  readonly models?: string;
  /** Square canvas side in pixels; default 512. */
  readonly canvas: number;
  /** COW fields over each preset (cycles, steps, ...), passed to the pipelines as `config`. */
  readonly cowConfig?: Readonly<Record<string, unknown>>;
  /** Text-to-image settings (steps, guidance scale, ...). */
  readonly txt2imgConfig?: Readonly<Record<string, unknown>>;
  /** The visual conditions. */
  readonly conditions: readonly ExperimentCondition[];
  /** The text prompts. */
  readonly prompts: readonly string[];
  /** The seeds, non-negative integers. */
  readonly seeds: readonly number[];
  /** The methods. */
  readonly methods: readonly ExperimentMethod[];
}
