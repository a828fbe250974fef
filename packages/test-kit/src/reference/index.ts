export {
  PYTHON_REFERENCE_DIR,
  type PythonRecord,
  type PythonRecording,
  readPythonRecording,
  relativeRms,
} from './python-recording.js';
export { createReplayNoise, type ReplayNoise } from './replay-noise.js';
export { softmaxRows } from './softmax-rows.js';
