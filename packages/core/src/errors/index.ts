export { BackendUnavailableError } from './backend-unavailable-error.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export { ModelIOError } from './model-io-error.js';
export { ModelLoadError } from './model-load-error.js';
export { atStep, NumericalError, type NumericalErrorDetails } from './numerical-error.js';
export { ShapeMismatchError } from './shape-mismatch-error.js';
export { describeValue, SowError, type SowErrorCode } from './sow-error.js';
export { UnsupportedModelError } from './unsupported-model-error.js';
