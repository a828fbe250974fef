import { describeValue } from '../errors/sow-error.js';

/** The outcome of reading one stage reply: a value, or why the reply is unusable. */
export type StageReply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** The stage-1 answer. */
export interface IntensifyReply {
  /** Visible attributes of the condition. */
  readonly description: string;
  /** The fused prompt P*. */
  readonly intensifiedPrompt: string;
}

const FENCE = /^```(?:json)?\s*([\s\S]*?)\s*```$/;

/**
 * Parses a reply as one JSON object. Strict except for one courtesy: a single surrounding Markdown code
 * fence (```` ```json ... ``` ````), which local models often add, is removed first.
 */
export function parseJsonObject(text: string): StageReply<Record<string, unknown>> {
  const trimmed = text.trim();
  const body = FENCE.exec(trimmed)?.[1] ?? trimmed;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: `reply is not valid JSON: ${describeValue(trimmed)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `reply must be a JSON object, got ${describeValue(value)}` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Reads the stage-1 reply `{"description": string, "intensified_prompt": string}`. */
export function readIntensifyReply(text: string): StageReply<IntensifyReply> {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const { description, intensified_prompt: prompt } = parsed.value;
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    return {
      ok: false,
      error: `intensified_prompt must be a non-empty string, got ${describeValue(prompt)}`,
    };
  }
  if (description !== undefined && typeof description !== 'string') {
    return { ok: false, error: `description must be a string, got ${describeValue(description)}` };
  }
  return { ok: true, value: { description: description?.trim() ?? '', intensifiedPrompt: prompt.trim() } };
}

/**
 * Reads `key` of a reply as a raw box `[x, y, w, h]`: four finite numbers with positive width and
 * height. Range, integrality and grid are the normalizers' business.
 */
export function readBoxReply(text: string, key: string): StageReply<[number, number, number, number]> {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed;
  const box = parsed.value[key];
  const valid =
    Array.isArray(box) &&
    box.length === 4 &&
    box.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    (box[2] as number) > 0 &&
    (box[3] as number) > 0;
  if (!valid) {
    return {
      ok: false,
      error: `${key} must be [x, y, w, h] of finite numbers with w, h > 0, got ${describeValue(box)}`,
    };
  }
  return { ok: true, value: box as [number, number, number, number] };
}
