/**
 * `@sow/core`: the runtime-neutral heart of sow. Tensors as plain data, the model interfaces backends
 * implement, the DDIM scheduler and guidance, the COW/SOW primitives and the pipelines built from them.
 * It has no dependency on ONNX Runtime, any MLLM SDK or Node built-ins, so it runs unchanged in browsers.
 * @packageDocumentation
 */
export * from './attention/index.js';
export * from './cow/index.js';
export * from './errors/index.js';
export * from './guidance/index.js';
export * from './hub/index.js';
export * from './image/index.js';
export * from './mllm/index.js';
export * from './models/index.js';
export * from './pipelines/index.js';
export * from './progress/index.js';
export * from './random/index.js';
export * from './scheduler/index.js';
export * from './sd/index.js';
export * from './tensor/index.js';
export * from './testing/index.js';
export * from './tokenizer/index.js';
