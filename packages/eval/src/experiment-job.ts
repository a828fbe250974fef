import type { ExperimentCondition, ExperimentMethod } from './experiment-spec.js';

/** One image to generate: a condition, a prompt, a seed and a method, with the spec's settings. */
export interface ExperimentJob {
  /** File-name-safe id, unique in the experiment: `<method>__<condition>__p<prompt>__s<seed>`. */
  readonly id: string;
  /** The method. */
  readonly method: ExperimentMethod;
  /** The method's report name ({@link methodLabel}). */
  readonly methodLabel: string;
  /** The condition, its `image` path as written in the spec. */
  readonly condition: ExperimentCondition;
  /** The condition image's path as the executor should open it (resolved against the spec's folder). */
  readonly conditionPath: string;
  /** Index of the prompt in the spec. */
  readonly promptIndex: number;
  /** The user's prompt. */
  readonly prompt: string;
  /** The seed. */
  readonly seed: number;
  /** Square canvas side in pixels. */
  readonly canvas: number;
  /** COW fields over the preset, from the spec. */
  readonly cowConfig?: Readonly<Record<string, unknown>>;
  /** Text-to-image settings, from the spec. */
  readonly txt2imgConfig?: Readonly<Record<string, unknown>>;
}
