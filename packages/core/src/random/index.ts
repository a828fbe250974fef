export { createNoiseGenerator, type NoiseGenerator } from './noise-generator.js';
export { randn } from './randn.js';
