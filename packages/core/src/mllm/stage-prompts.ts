import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * The three SOW stage instructions as editable templates. `{{name}}` placeholders are filled per call:
 * `prompt` (user prompt P), `intensifiedPrompt` (P*), `width`, `height`, `minSide`, `maxSide`, `grid` and
 * `box` (the stage-2 box as `[x, y, w, h]`). The condition image is sent as an image part before the text.
 * @see ../shared/spec/algorithm.md section 5.2 (reconstructed prompts)
 */
export interface StagePrompts {
  /** Stage 1, prompt intensification: describe the condition and fuse it with P into P*. */
  readonly intensify: string;
  /** Stage 2, adaptive position: where the condition sits on the canvas. */
  readonly position: string;
  /** Stage 3, contextual refinement: the region that must connect to the condition. */
  readonly related: string;
}

/** The placeholders a {@link StagePrompts} template may use. */
export const STAGE_PROMPT_VARIABLES = Object.freeze([
  'prompt',
  'intensifiedPrompt',
  'width',
  'height',
  'minSide',
  'maxSide',
  'grid',
  'box',
] as const);

/** Values for the {@link STAGE_PROMPT_VARIABLES} placeholders. */
export type StagePromptVariables = Readonly<Record<(typeof STAGE_PROMPT_VARIABLES)[number], string>>;

/** Default stage instructions, reconstructed from the paper (the authors' prompts are not public). */
export const DEFAULT_STAGE_PROMPTS: Readonly<StagePrompts> = Object.freeze({
  intensify: [
    'The image is a visual condition for a text-to-image model. The user prompt is: "{{prompt}}".',
    '1. Describe the visible attributes of the main subject in one or two sentences: apparent age and gender,',
    'hair, skin tone, expression, accessories and any visible clothing.',
    '2. Write one Stable Diffusion prompt that keeps every requirement of the user prompt. Style and attribute',
    'edits in the user prompt win over the image; add only the attributes that do not conflict. Stay under',
    '60 words.',
    'Answer with JSON only: {"description": string, "intensified_prompt": string}.',
  ].join('\n'),
  position: [
    'The image is a visual condition that will be pasted onto a {{width}}x{{height}} px canvas (origin at the',
    'top-left, x to the right, y down) before generating "{{prompt}}".',
    'Choose where the condition should sit for a natural composition of that scene.',
    'Answer with JSON only: {"bbox": [x, y, w, h]} with integers, (x, y) the top-left corner,',
    '{{minSide}} <= w, h <= {{maxSide}}, w = h, multiples of {{grid}}, and the box inside the canvas.',
  ].join('\n'),
  related: [
    'The image is a visual condition placed at bbox {{box}} ([x, y, w, h], px, origin top-left) on a',
    '{{width}}x{{height}} px canvas, for the scene "{{intensifiedPrompt}}".',
    'Give the box of the region that must connect to the condition and be generated consistently with it',
    '(for a face: neck, shoulders and body). Exclude unrelated background. The box must touch or overlap the',
    'condition box and stay inside the canvas.',
    'Answer with JSON only: {"related_bbox": [x, y, w, h]} with integers.',
  ].join('\n'),
});

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/**
 * Checks user-supplied templates at an API boundary: every placeholder must be one of
 * {@link STAGE_PROMPT_VARIABLES}. Returns the full set, defaults filled in.
 */
export function resolveStagePrompts(fn: string, prompts: Partial<StagePrompts> | undefined): StagePrompts {
  const merged: StagePrompts = { ...DEFAULT_STAGE_PROMPTS, ...prompts };
  for (const key of ['intensify', 'position', 'related'] as const) {
    const template = merged[key];
    if (typeof template !== 'string' || template.trim() === '') {
      throw new InvalidArgumentError(fn, `prompts.${key}`, 'a non-empty template string', template);
    }
    for (const match of template.matchAll(PLACEHOLDER)) {
      const name = match[1] as string;
      if (!(STAGE_PROMPT_VARIABLES as readonly string[]).includes(name)) {
        throw new InvalidArgumentError(
          fn,
          `prompts.${key}`,
          `a template using only {{${STAGE_PROMPT_VARIABLES.join('}}, {{')}}}`,
          `{{${name}}}`,
        );
      }
    }
  }
  return merged;
}

/**
 * Fills a stage template's `{{name}}` placeholders; use it to preview what a stage asks.
 * @example
 * ```ts
 * renderStagePrompt('Place "{{prompt}}"', { ...vars, prompt: 'a man' }); // 'Place "a man"'
 * ```
 */
export function renderStagePrompt(template: string, variables: StagePromptVariables): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(variables, name) ? variables[name as keyof StagePromptVariables] : whole,
  );
}
