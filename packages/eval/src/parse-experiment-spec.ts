import {
  COW_PRESETS,
  type CowPresetName,
  InvalidArgumentError,
  resolveCowConfig,
  type SowSwitches,
} from '@sow/core';
import type { ExperimentCondition, ExperimentMethod, ExperimentSpec } from './experiment-spec.js';

const FN = 'parseExperimentSpec';
const PRESETS = Object.keys(COW_PRESETS) as CowPresetName[];
const SWITCH_NAMES = {
  AP: 'adaptivePosition',
  DAM: 'attentionModulation',
  PI: 'promptIntensification',
} as const;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws the parser's typed error for `argument`. */
function fail(argument: string, expected: string, received: unknown): never {
  throw new InvalidArgumentError(FN, argument, expected, received);
}

/** True for a plain JSON object. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A COW preset name, or a typed error naming `argument`. */
function preset(value: unknown, argument: string): CowPresetName {
  if (!PRESETS.includes(value as CowPresetName)) fail(argument, `one of ${PRESETS.join(', ')}`, value);
  return value as CowPresetName;
}

/** Every combination of the three SOW switches, all on first, all off last. */
function allSwitches(): SowSwitches[] {
  const out: SowSwitches[] = [];
  for (let bits = 7; bits >= 0; bits -= 1) {
    out.push({
      adaptivePosition: (bits & 4) > 0,
      attentionModulation: (bits & 2) > 0,
      promptIntensification: (bits & 1) > 0,
    });
  }
  return out;
}

/** Parses `sow:AP+DAM+PI` style switch lists (`none` for all off). */
function parseSwitches(text: string, argument: string): SowSwitches {
  const switches: Record<string, boolean> = {
    adaptivePosition: false,
    attentionModulation: false,
    promptIntensification: false,
  };
  if (text !== 'none') {
    for (const part of text.split('+')) {
      const name = SWITCH_NAMES[part as keyof typeof SWITCH_NAMES];
      if (name === undefined) fail(argument, "'sow:' then AP, DAM, PI joined by '+', 'none' or '*'", text);
      switches[name] = true;
    }
  }
  return switches as unknown as SowSwitches;
}

/** One method entry: a shorthand string (`cow:*`, `sow:*` expand to several) or an object. */
function parseMethod(value: unknown, argument: string): ExperimentMethod[] {
  if (typeof value === 'string') {
    const [kind, rest] = value.split(':', 2) as [string, string | undefined];
    if (kind === 'txt2img' && rest === undefined) return [{ kind: 'txt2img' }];
    if (kind === 'random-position')
      return [{ kind, ...(rest === undefined ? {} : { preset: preset(rest, argument) }) }];
    if (kind === 'cow' && rest !== undefined) {
      return rest === '*'
        ? PRESETS.map((p) => ({ kind: 'cow', preset: p }))
        : [{ kind: 'cow', preset: preset(rest, argument) }];
    }
    if (kind === 'sow' && rest !== undefined) {
      return rest === '*'
        ? allSwitches().map((switches) => ({ kind: 'sow', switches }))
        : [{ kind: 'sow', switches: parseSwitches(rest, argument) }];
    }
    fail(
      argument,
      "'txt2img', 'cow:<preset>', 'cow:*', 'sow:AP+DAM+PI', 'sow:*' or 'random-position'",
      value,
    );
  }
  if (!isObject(value)) fail(argument, 'a method string or object', value);
  const kind = value.kind;
  if (kind === 'txt2img') return [{ kind }];
  if (kind === 'cow') return [{ kind, preset: preset(value.preset, `${argument}.preset`) }];
  if (kind === 'random-position') {
    return [
      { kind, ...(value.preset === undefined ? {} : { preset: preset(value.preset, `${argument}.preset`) }) },
    ];
  }
  if (kind !== 'sow') fail(`${argument}.kind`, "'txt2img', 'cow', 'sow' or 'random-position'", kind);
  const s = value.switches;
  if (!isObject(s) || !Object.values(SWITCH_NAMES).every((name) => typeof s[name] === 'boolean')) {
    fail(
      `${argument}.switches`,
      '{ adaptivePosition, attentionModulation, promptIntensification } booleans',
      s,
    );
  }
  if (value.attention !== undefined && !isObject(value.attention)) {
    fail(`${argument}.attention`, 'an object of attention modulation constants', value.attention);
  }
  if (value.label !== undefined && !(typeof value.label === 'string' && ID.test(value.label))) {
    fail(`${argument}.label`, 'a short name of letters, digits, - and _', value.label);
  }
  return [
    {
      kind,
      switches: {
        adaptivePosition: s.adaptivePosition as boolean,
        attentionModulation: s.attentionModulation as boolean,
        promptIntensification: s.promptIntensification as boolean,
      },
      ...(value.preset === undefined ? {} : { preset: preset(value.preset, `${argument}.preset`) }),
      ...(value.attention === undefined ? {} : { attention: value.attention }),
      ...(value.label === undefined ? {} : { label: value.label as string }),
    },
  ];
}

/** A condition entry. */
function parseCondition(value: unknown, argument: string): ExperimentCondition {
  if (!isObject(value)) fail(argument, 'an object { id, image, box? }', value);
  if (typeof value.id !== 'string' || !ID.test(value.id))
    fail(`${argument}.id`, 'a short id of letters, digits, - and _', value.id);
  if (typeof value.image !== 'string' || value.image === '')
    fail(`${argument}.image`, 'a path to a PNG or JPEG', value.image);
  const box = value.box;
  if (box === undefined) return { id: value.id, image: value.image };
  if (
    !isObject(box) ||
    !['x', 'y', 'width', 'height'].every((k) => Number.isInteger(box[k]) && (box[k] as number) >= 0)
  ) {
    fail(`${argument}.box`, 'a pixel box { x, y, width, height } of non-negative integers', box);
  }
  return {
    id: value.id,
    image: value.image,
    box: { x: box.x as number, y: box.y as number, width: box.width as number, height: box.height as number },
  };
}

/** Checks the COW fields before any image is generated (a placeholder box stands in for the real one). */
function checkCowConfig(cowConfig: Record<string, unknown>, canvas: number): void {
  try {
    resolveCowConfig('reference', {
      ...cowConfig,
      canvasWidth: canvas,
      canvasHeight: canvas,
      box: { x: 0, y: 0, width: 8, height: 8 },
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidArgumentError(FN, 'spec.cowConfig', `valid COW config fields (${reason})`, cowConfig, {
      cause,
    });
  }
}

/** A non-empty array, or a typed error. */
function list(value: unknown, argument: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) fail(argument, 'a non-empty array', value);
  return value;
}

/**
 * Validates an experiment spec read from JSON and expands method shorthands: `'txt2img'`,
 * `'cow:<preset>'`, `'cow:*'` (every preset), `'sow:AP+DAM+PI'` (the switches on; `'sow:none'`), `'sow:*'`
 * (all eight combinations), `'random-position'`. Objects give SOW modulation variants (`attention`, `label`).
 * @throws InvalidArgumentError naming the first bad field.
 * @example
 * const spec = parseExperimentSpec(JSON.parse(await readFile('spec.json', 'utf8')));
 */
export function parseExperimentSpec(json: unknown): ExperimentSpec {
  if (!isObject(json)) fail('spec', 'an object', json);
  if (typeof json.name !== 'string' || json.name === '') fail('spec.name', 'a non-empty string', json.name);
  const canvas = json.canvas ?? 512;
  if (!Number.isInteger(canvas) || (canvas as number) < 64 || (canvas as number) % 8 !== 0) {
    fail('spec.canvas', 'an integer multiple of 8, at least 64', canvas);
  }
  for (const key of ['cowConfig', 'txt2imgConfig'] as const) {
    if (json[key] !== undefined && !isObject(json[key])) fail(`spec.${key}`, 'an object', json[key]);
  }
  if (json.cowConfig !== undefined)
    checkCowConfig(json.cowConfig as Record<string, unknown>, canvas as number);
  if (json.models !== undefined && typeof json.models !== 'string')
    fail('spec.models', 'a folder path', json.models);
  const conditions = list(json.conditions, 'spec.conditions').map((c, i) =>
    parseCondition(c, `spec.conditions[${i}]`),
  );
  const ids = new Set(conditions.map((c) => c.id));
  if (ids.size !== conditions.length)
    fail('spec.conditions', 'conditions with distinct ids', [...conditions.map((c) => c.id)]);
  const prompts = list(json.prompts, 'spec.prompts').map((p, i) =>
    typeof p === 'string' && p.trim() !== '' ? p : fail(`spec.prompts[${i}]`, 'a non-empty string', p),
  );
  const seeds = list(json.seeds, 'spec.seeds').map((s, i) =>
    Number.isSafeInteger(s) && (s as number) >= 0
      ? (s as number)
      : fail(`spec.seeds[${i}]`, 'a non-negative integer', s),
  );
  const methods = list(json.methods, 'spec.methods').flatMap((m, i) => parseMethod(m, `spec.methods[${i}]`));
  return {
    name: json.name,
    canvas: canvas as number,
    ...(json.models === undefined ? {} : { models: json.models as string }),
    ...(json.cowConfig === undefined ? {} : { cowConfig: json.cowConfig as Record<string, unknown> }),
    ...(json.txt2imgConfig === undefined
      ? {}
      : { txt2imgConfig: json.txt2imgConfig as Record<string, unknown> }),
    conditions,
    prompts,
    seeds,
    methods,
  };
}
