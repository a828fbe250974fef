import type { ExperimentOutput } from './experiment-executor.js';
import type { ExperimentMethod } from './experiment-spec.js';

/** The JSON record written next to each generated image: inputs, settings, plan, timings, device. */
export interface ExperimentRecord extends Omit<ExperimentOutput, 'png' | 'prompt'> {
  /** The job id (also the file names). */
  readonly id: string;
  /** The experiment's name. */
  readonly experiment: string;
  /** The method. */
  readonly method: ExperimentMethod;
  /** The method's report name. */
  readonly methodLabel: string;
  /** The condition id. */
  readonly conditionId: string;
  /** The condition image, relative to the output folder. */
  readonly conditionImage: string;
  /** The user's prompt and its index in the spec. */
  readonly prompt: string;
  /** Index of the prompt in the spec. */
  readonly promptIndex: number;
  /** The prompt the model saw. */
  readonly modelPrompt: string;
  /** The generated image, relative to the output folder (`images/<id>.png`). */
  readonly image: string;
  /** When the image was finished (ISO 8601). */
  readonly finishedAt: string;
}
