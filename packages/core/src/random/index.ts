export { createNoiseGenerator, type NoiseGenerator } from './noise-generator.js';
export { randn } from './randn.js';
export { createSeededNoise, type NoiseKind } from './seeded-noise.js';
export { createTorchCpuGenerator } from './torch-cpu-generator.js';
