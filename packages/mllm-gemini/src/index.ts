/**
 * `@sow/mllm-gemini`: the Gemini adapter for the `MllmModel` interface of `@sow/core`, on Google's
 * official `@google/genai` SDK. Pass the model it creates to `planScene`.
 * @packageDocumentation
 */
export { createGeminiMllm, DEFAULT_GEMINI_MODEL, type GeminiMllmSettings } from './create-gemini-mllm.js';
