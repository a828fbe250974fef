import { isAbsolute, join } from 'node:path';
import { InvalidArgumentError } from '@sow/core';
import type { ExperimentJob } from './experiment-job.js';
import type { ExperimentSpec } from './experiment-spec.js';
import { methodLabel } from './method-label.js';

/**
 * Lists an experiment's jobs, method by method, then condition, prompt and seed; condition paths are
 * resolved against `specDir` (the spec file's folder).
 * @throws InvalidArgumentError when two methods share a report name.
 * @example
 * const jobs = expandExperiment(spec, 'experiments/');
 */
export function expandExperiment(spec: ExperimentSpec, specDir: string): ExperimentJob[] {
  const labels = spec.methods.map(methodLabel);
  const dup = labels.find((label, i) => labels.indexOf(label) !== i);
  if (dup !== undefined) {
    throw new InvalidArgumentError('expandExperiment', 'spec.methods', 'methods with distinct names', dup);
  }
  const jobs: ExperimentJob[] = [];
  spec.methods.forEach((method, m) => {
    const label = labels[m] as string;
    const slug = label.replace(/[^A-Za-z0-9_-]+/g, '-');
    for (const condition of spec.conditions) {
      const conditionPath = isAbsolute(condition.image) ? condition.image : join(specDir, condition.image);
      spec.prompts.forEach((prompt, promptIndex) => {
        for (const seed of spec.seeds) {
          jobs.push({
            id: `${slug}__${condition.id}__p${promptIndex}__s${seed}`,
            method,
            methodLabel: label,
            condition,
            conditionPath,
            promptIndex,
            prompt,
            seed,
            canvas: spec.canvas,
            ...(spec.cowConfig === undefined ? {} : { cowConfig: spec.cowConfig }),
            ...(spec.txt2imgConfig === undefined ? {} : { txt2imgConfig: spec.txt2imgConfig }),
          });
        }
      });
    }
  });
  return jobs;
}
