export type {
  Backend,
  ExternalDataFile,
  LoadSessionOptions,
  ModelSource,
  RunOptions,
  Session,
  TensorInfo,
} from './backend.js';
export { checkFiniteSession } from './check-finite-session.js';
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
  tensorsFromRuntime,
} from './runtime-tensor.js';
export { checkOutputTypes, validateFeeds } from './validate-feeds.js';
