import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { CowBox, CowConfig, CowConfigOverrides } from './cow-config.js';
import { COW_PRESETS, type CowPresetName } from './cow-presets.js';

const snap8 = (v: number): number => Math.floor(v / 8) * 8;

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function checkInt(fn: string, field: string, v: unknown, min: number, max: number, what?: string): void {
  if (!isInt(v) || v < min || v > max) {
    throw new InvalidArgumentError(fn, `config.${field}`, what ?? `an integer in [${min}, ${max}]`, v);
  }
}

function checkNumber(fn: string, field: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new InvalidArgumentError(fn, `config.${field}`, `a number in [${min}, ${max}]`, v);
  }
}

function checkBox(fn: string, box: unknown, width: number, height: number): CowBox {
  if (typeof box !== 'object' || box === null) {
    throw new InvalidArgumentError(fn, 'config.box', 'an object { x, y, width, height } in pixels', box);
  }
  const b = box as Record<string, unknown>;
  for (const key of ['x', 'y', 'width', 'height']) {
    const v = b[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(fn, `config.box.${key}`, 'a finite number of pixels', v);
    }
  }
  const { x, y, width: w, height: h } = b as unknown as CowBox;
  const snapped = { x: snap8(x), y: snap8(y), width: snap8(w), height: snap8(h) };
  if (x < 0 || y < 0 || snapped.width < 8 || snapped.height < 8 || x + w > width || y + h > height) {
    throw new InvalidArgumentError(
      fn,
      'config.box',
      `inside the ${width}x${height} canvas and at least 8x8 px`,
      box,
    );
  }
  return Object.freeze(snapped);
}

/**
 * Checks every field of a full config and returns a frozen copy with the canvas and box snapped down
 * to multiples of 8 and the preserve steps sorted high to low. Shared by {@link resolveCowConfig} and
 * the pipeline so both report errors under their own function name.
 * @internal
 */
export function validateCowConfig(config: CowConfig, fn: string): CowConfig {
  if (config.bookkeeping !== 'reference' && config.bookkeeping !== 'consistent') {
    throw new InvalidArgumentError(
      fn,
      'config.bookkeeping',
      "'reference' or 'consistent'",
      config.bookkeeping,
    );
  }
  checkInt(fn, 'steps', config.steps, 2, 1000);
  checkInt(
    fn,
    'bandStart',
    config.bandStart,
    2,
    config.steps - 1,
    `a step index in [2, ${config.steps - 1}]`,
  );
  checkInt(
    fn,
    'bandEnd',
    config.bandEnd,
    1,
    config.bandStart - 1,
    `a step index in [1, bandStart - 1 = ${config.bandStart - 1}] (the band starts after it ends)`,
  );
  checkInt(fn, 'cycles', config.cycles, 1, 10_000, 'an integer of at least 1');
  checkNumber(fn, 'cycleEta', config.cycleEta, 0, 1);
  checkNumber(fn, 'finalEta', config.finalEta, 0, 1);
  checkNumber(fn, 'guidanceScale', config.guidanceScale, 0, 1000);
  if (!Array.isArray(config.preserveSteps)) {
    throw new InvalidArgumentError(
      fn,
      'config.preserveSteps',
      'an array of step indices',
      config.preserveSteps,
    );
  }
  config.preserveSteps.forEach((k, i) => {
    checkInt(
      fn,
      `preserveSteps[${i}]`,
      k,
      0,
      config.bandEnd - 1,
      `a step index below bandEnd (${config.bandEnd})`,
    );
  });
  if (new Set(config.preserveSteps).size !== config.preserveSteps.length) {
    throw new InvalidArgumentError(fn, 'config.preserveSteps', 'distinct step indices', config.preserveSteps);
  }
  checkInt(fn, 'canvasWidth', config.canvasWidth, 16, 16384, 'an integer of at least 16 pixels');
  checkInt(fn, 'canvasHeight', config.canvasHeight, 16, 16384, 'an integer of at least 16 pixels');
  const canvasWidth = snap8(config.canvasWidth);
  const canvasHeight = snap8(config.canvasHeight);
  const box = checkBox(fn, config.box, canvasWidth, canvasHeight);
  for (const field of ['unconditionalPrompt', 'negativePrompt', 'suppressPrompt', 'diversePrompt'] as const) {
    if (typeof config[field] !== 'string') {
      throw new InvalidArgumentError(fn, `config.${field}`, 'a string', config[field]);
    }
  }
  const bg = config.backgroundColor;
  if (!Array.isArray(bg) || bg.length !== 3 || !bg.every((c) => isInt(c) && c >= 0 && c <= 255)) {
    throw new InvalidArgumentError(fn, 'config.backgroundColor', 'three integers in [0, 255]', bg);
  }
  if (config.maskPolarity !== 'black-keeps' && config.maskPolarity !== 'white-keeps') {
    throw new InvalidArgumentError(
      fn,
      'config.maskPolarity',
      "'black-keeps' or 'white-keeps'",
      config.maskPolarity,
    );
  }
  if (config.preprocessing !== 'pillow' && config.preprocessing !== 'bilinear') {
    throw new InvalidArgumentError(
      fn,
      'config.preprocessing',
      "'pillow' or 'bilinear'",
      config.preprocessing,
    );
  }
  if (typeof config.sampleLatents !== 'boolean') {
    throw new InvalidArgumentError(fn, 'config.sampleLatents', 'a boolean', config.sampleLatents);
  }
  if (
    !isInt(config.conditionPadMultiple) ||
    config.conditionPadMultiple < 8 ||
    config.conditionPadMultiple % 8 !== 0
  ) {
    throw new InvalidArgumentError(
      fn,
      'config.conditionPadMultiple',
      'a positive multiple of 8 pixels',
      config.conditionPadMultiple,
    );
  }
  return Object.freeze({
    ...config,
    canvasWidth,
    canvasHeight,
    box,
    preserveSteps: Object.freeze([...config.preserveSteps].sort((a, b) => b - a)),
    backgroundColor: Object.freeze([bg[0], bg[1], bg[2]]) as readonly [number, number, number],
  });
}

/**
 * {@link resolveCowConfig} reporting errors under the caller's function name: for code that validates a
 * COW request on behalf of its own API (a pipeline, a job queue) before any model runs.
 * @param fn - The function named in errors, e.g. `'CowPipeline.generate'`.
 * @example
 * const config = resolveCowConfigAs('myApi', 'reference', { cycles: 5 });
 */
export function resolveCowConfigAs(
  fn: string,
  preset: CowPresetName,
  overrides: CowConfigOverrides,
): CowConfig {
  if (typeof preset !== 'string' || !Object.hasOwn(COW_PRESETS, preset)) {
    throw new InvalidArgumentError(fn, 'preset', `one of ${Object.keys(COW_PRESETS).join(', ')}`, preset);
  }
  const base = COW_PRESETS[preset];
  if (typeof overrides !== 'object' || overrides === null) {
    throw new InvalidArgumentError(fn, 'config', 'an object of CowConfig fields', overrides);
  }
  for (const key of Object.keys(overrides)) {
    if (!Object.hasOwn(base, key)) {
      throw new InvalidArgumentError(fn, `config.${key}`, 'a known CowConfig field', key);
    }
  }
  return validateCowConfig({ ...base, ...overrides } as CowConfig, fn);
}

/**
 * Builds the full COW config of a preset with the caller's overrides applied, validated once: a bad
 * field throws `InvalidArgumentError` naming it (`config.bandEnd`, `config.box`, ...). Canvas and box
 * are snapped down to multiples of 8 (the latent grid), as the reference code needs.
 * @see spec section 3.1, 3.2 (snapping) and 3.8
 * @example
 * const config = resolveCowConfig('normal', { cycles: 5, box: { x: 0, y: 0, width: 256, height: 256 } });
 */
export function resolveCowConfig(
  preset: CowPresetName = 'reference',
  overrides: CowConfigOverrides = {},
): CowConfig {
  return resolveCowConfigAs('resolveCowConfig', preset, overrides);
}
