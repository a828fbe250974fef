export type { ModelFolder } from './model-folder.js';
export type { StableDiffusionModels } from './stable-diffusion-models.js';
