/**
 * `@sow/mllm-openai`: an adapter from the `MllmModel` interface of `@sow/core` to OpenAI's
 * chat-completions wire format, so the SOW stages run on OpenAI or on a local vision model served by
 * Ollama, vLLM or LM Studio. Pass the model it creates to `planScene`.
 * @packageDocumentation
 */
export {
  createOpenAiCompatibleMllm,
  type OpenAiCompatibleMllmSettings,
} from './create-openai-compatible-mllm.js';
