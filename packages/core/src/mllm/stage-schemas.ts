import type { JsonSchema } from './mllm-model.js';

const boxSchema: JsonSchema = {
  type: 'array',
  items: { type: 'integer' },
  minItems: 4,
  maxItems: 4,
  description: '[x, y, width, height] in px, (x, y) the top-left corner',
};

/**
 * JSON schemas of the three stage replies, sent as structured-output constraints. They also satisfy
 * OpenAI's strict mode (every property required, no additional properties).
 * @see ../shared/spec/algorithm.md section 5.2 (output formats)
 */
export const STAGE_SCHEMAS: Readonly<{
  /** Stage 1: `{"description": string, "intensified_prompt": string}`. */
  intensify: { readonly name: string; readonly schema: JsonSchema };
  /** Stage 2: `{"bbox": [x, y, w, h]}`. */
  position: { readonly name: string; readonly schema: JsonSchema };
  /** Stage 3: `{"related_bbox": [x, y, w, h]}`. */
  related: { readonly name: string; readonly schema: JsonSchema };
}> = Object.freeze({
  intensify: {
    name: 'sow_intensified_prompt',
    schema: {
      type: 'object',
      properties: { description: { type: 'string' }, intensified_prompt: { type: 'string' } },
      required: ['description', 'intensified_prompt'],
      additionalProperties: false,
    },
  },
  position: {
    name: 'sow_condition_box',
    schema: {
      type: 'object',
      properties: { bbox: boxSchema },
      required: ['bbox'],
      additionalProperties: false,
    },
  },
  related: {
    name: 'sow_related_box',
    schema: {
      type: 'object',
      properties: { related_bbox: boxSchema },
      required: ['related_bbox'],
      additionalProperties: false,
    },
  },
});
