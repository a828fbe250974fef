import { InvalidArgumentError } from '@sow/core';
import { describe, expect, it } from 'vitest';
import { expandExperiment } from './expand-experiment.js';
import type { ExperimentMethod } from './experiment-spec.js';
import { methodLabel } from './method-label.js';
import { parseExperimentSpec } from './parse-experiment-spec.js';

const base = { name: 'x', conditions: [{ id: 'a', image: 'a.png' }], prompts: ['p'], seeds: [1, 2] };

describe('parseExperimentSpec', () => {
  it('expands the method shorthands: every COW preset, all eight SOW switch combinations', () => {
    const spec = parseExperimentSpec({ ...base, methods: ['txt2img', 'cow:*', 'sow:*', 'random-position'] });
    const labels = spec.methods.map(methodLabel);
    expect(labels).toEqual([
      'txt2img',
      'cow:reference',
      'cow:consistent',
      'cow:normal',
      'cow:attribute-editing',
      'cow:style-transfer',
      'sow:AP+DAM+PI',
      'sow:AP+DAM',
      'sow:AP+PI',
      'sow:AP',
      'sow:DAM+PI',
      'sow:DAM',
      'sow:PI',
      'sow:none',
      'random-position',
    ]);
    expect(spec.canvas).toBe(512);
    const jobs = expandExperiment(spec, '/data');
    expect(jobs).toHaveLength(15 * 2);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(30);
    expect(jobs[2]?.id).toBe('cow-reference__a__p0__s1');
    expect(jobs[2]?.conditionPath).toBe('/data/a.png');
  });

  it('keeps a SOW modulation variant with its label', () => {
    const method: ExperimentMethod = {
      kind: 'sow',
      switches: { adaptivePosition: true, attentionModulation: true, promptIntensification: true },
      attention: { lambdaSup: 0 },
      label: 'no-suppress',
    };
    const spec = parseExperimentSpec({ ...base, methods: [method] });
    expect(spec.methods).toEqual([method]);
    expect(methodLabel(spec.methods[0] as ExperimentMethod)).toBe('sow:AP+DAM+PI/no-suppress');
  });

  it('names the bad field in a typed error', () => {
    const bad = (json: unknown) => () => parseExperimentSpec(json);
    expect(bad({ ...base, methods: ['cow:fancy'] })).toThrow(InvalidArgumentError);
    expect(bad({ ...base, methods: ['cow:fancy'] })).toThrow(
      /parseExperimentSpec: spec.methods\[0\] must be one of reference/,
    );
    expect(bad({ ...base, methods: ['sow:AP+XX'] })).toThrow(
      /spec.methods\[0\] must be 'sow:' then AP, DAM, PI/,
    );
    expect(bad({ ...base, seeds: [-1], methods: ['txt2img'] })).toThrow(
      /spec.seeds\[0\] must be a non-negative integer, got -1/,
    );
    expect(bad({ ...base, canvas: 100, methods: ['txt2img'] })).toThrow(
      /spec.canvas must be an integer multiple of 8/,
    );
    expect(bad({ ...base, cowConfig: { cycles: -2 }, methods: ['txt2img'] })).toThrow(
      /spec.cowConfig must be valid COW config fields \(resolveCowConfig: config.cycles must be an integer of at least 1/,
    );
    expect(() =>
      expandExperiment(parseExperimentSpec({ ...base, methods: ['txt2img', 'txt2img'] }), '.'),
    ).toThrow(/expandExperiment: spec.methods must be methods with distinct names, got "txt2img"/);
  });
});
