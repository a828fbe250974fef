/**
 * `@sow/backend-ort-web`: runs sow in the browser on ONNX Runtime Web (WebGPU or WASM, strict device
 * selection) and opens Stable Diffusion folders served over HTTP. `onnxruntime-web` is a peer dependency.
 * @packageDocumentation
 */
export { createOrtWebBackend } from './create-ort-web-backend.js';
export { type ModelFolderUrlOptions, openModelFolderUrl } from './open-model-folder-url.js';
export type { OrtWebBackend, OrtWebLoadSessionOptions } from './ort-web-backend.js';
export type {
  OrtWebBackendSettings,
  OrtWebDevice,
  OrtWebModule,
  OrtWebSessionOptions,
  OrtWebWasmPaths,
} from './ort-web-backend-settings.js';
export { type InitializerSize, type OnnxModelScan, scanOnnxModel } from './scan-onnx-model.js';
export { WasmMemoryLimitError } from './wasm-memory-limit-error.js';
export type { WebGpuCapabilities } from './web-gpu-capabilities.js';
export { WebGpuFeatureError } from './web-gpu-feature-error.js';
export { WebGpuLimitError } from './web-gpu-limit-error.js';
