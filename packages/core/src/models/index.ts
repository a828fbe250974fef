export type {
  Backend,
  ExternalDataFile,
  LoadSessionOptions,
  ModelSource,
  RunOptions,
  Session,
  TensorInfo,
} from './backend.js';
export type {
  CallOptions,
  TextEncoder,
  TokenizedText,
  Tokenizer,
  UNet,
  UNetInput,
  VaeDecoder,
  VaeEncodeOptions,
  VaeEncoder,
} from './roles.js';
export {
  type RuntimeTensorLike,
  type RuntimeValueMetadata,
  tensorFromRuntime,
  tensorInfoFromRuntime,
} from './runtime-tensor.js';
export { validateFeeds } from './validate-feeds.js';
