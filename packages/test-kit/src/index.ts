/**
 * `@sow/test-kit` (private): the backend conformance suite every sow backend runs, and the generator of
 * tiny Stable-Diffusion-shaped ONNX pipelines the tests use instead of real weights, and a private
 * Redis server for the queue's tests.
 * @packageDocumentation
 */
export * from './conformance/index.js';
export * from './fuzz/index.js';
export * from './http/index.js';
export * from './hub/index.js';
export * from './images/index.js';
export * from './models/index.js';
export * from './redis/index.js';
export * from './reference/index.js';
