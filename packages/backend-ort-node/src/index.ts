/**
 * `@sow/backend-ort-node`: runs sow on ONNX Runtime for Node.js (CPU or CUDA, strict device selection),
 * opens Stable Diffusion folders on disk or by `hf:` id from the Hugging Face Hub (through the standard
 * Hub cache), and reads and writes PNG/JPEG images.
 * `onnxruntime-node` is a peer dependency.
 * @packageDocumentation
 */
export { createOrtNodeBackend } from './create-ort-node-backend.js';
export { type DecodeImageOptions, decodeImage } from './decode-image.js';
export {
  type DownloadHubModelOptions,
  downloadHubModel,
  type HubModelFolder,
} from './download-hub-model.js';
export { encodePng } from './encode-png.js';
export type { HubModelOptions } from './hub-model-options.js';
export {
  type LoadStableDiffusionFromDirOptions,
  loadStableDiffusionFromDir,
} from './load-stable-diffusion-from-dir.js';
export { type OpenModelFolderOptions, openModelFolder } from './open-model-folder.js';
export type {
  OrtGraphOptimizationLevel,
  OrtNodeBackendSettings,
  OrtNodeDevice,
  OrtNodeSessionOptions,
} from './ort-node-backend-settings.js';
export { type ReadImageOptions, readImage } from './read-image.js';
export { writePng } from './write-png.js';
