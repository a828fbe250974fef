import {
  type Backend,
  InvalidArgumentError,
  type LoadSessionOptions,
  type ModelSource,
  type Session,
  throwIfAborted,
} from '@sow/core';
import type { InferenceSession } from 'onnxruntime-node';
import { createOrtSession } from './create-ort-session.js';
import type { OrtGraphOptimizationLevel, OrtNodeBackendSettings } from './ort-node-backend-settings.js';
import { OrtNodeSession } from './ort-node-session.js';
import { resolveDevice } from './resolve-device.js';

const FN = 'createOrtNodeBackend';
const LEVELS: readonly OrtGraphOptimizationLevel[] = ['disabled', 'basic', 'extended', 'layout', 'all'];

/** Checks an optional non-negative integer setting. */
function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new InvalidArgumentError(FN, `settings.${name}`, 'a non-negative integer', value);
  }
}

/**
 * Creates a {@link Backend} that runs models with ONNX Runtime for Node.js (the `onnxruntime-node` peer
 * dependency) on the CPU or a CUDA GPU. Devices are strict: `device: 'cuda'` gives CUDA or rejects with
 * `BackendUnavailableError` listing what is available, never a silent CPU fallback; `'auto'` picks CUDA
 * when a CUDA session starts and reports the choice in `backend.device`. Session options pass through.
 * @example
 * const backend = await createOrtNodeBackend({ device: 'cpu', intraOpNumThreads: 4 });
 * const session = await backend.loadSession({ location: 'unet/model.onnx' });
 * const { out_sample } = await session.run({ sample, timestep, encoder_hidden_states });
 * await backend.dispose();
 */
export async function createOrtNodeBackend(settings: OrtNodeBackendSettings = {}): Promise<Backend> {
  if (typeof settings !== 'object' || settings === null) {
    throw new InvalidArgumentError(FN, 'settings', 'an object', settings);
  }
  checkCount('intraOpNumThreads', settings.intraOpNumThreads);
  checkCount('interOpNumThreads', settings.interOpNumThreads);
  checkCount('cudaDeviceId', settings.cudaDeviceId);
  const level = settings.graphOptimizationLevel;
  if (level !== undefined && !LEVELS.includes(level)) {
    throw new InvalidArgumentError(
      FN,
      'settings.graphOptimizationLevel',
      `one of ${LEVELS.join(', ')}`,
      level,
    );
  }
  const resolved = await resolveDevice(settings.device ?? 'cpu', settings.cudaDeviceId ?? 0);
  const sessionOptions: InferenceSession.SessionOptions = {
    ...settings.sessionOptions,
    executionProviders: resolved.executionProviders,
    ...(level === undefined ? {} : { graphOptimizationLevel: level }),
    ...(settings.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: settings.intraOpNumThreads }),
    ...(settings.interOpNumThreads === undefined ? {} : { interOpNumThreads: settings.interOpNumThreads }),
  };
  const open = new Set<Session>();
  const forget = (session: Session): void => {
    open.delete(session);
  };

  return {
    name: 'ort-node',
    device: resolved.device,
    get openSessions() {
      return open.size;
    },
    async loadSession(source: ModelSource, options?: LoadSessionOptions): Promise<Session> {
      throwIfAborted(options?.signal);
      if (typeof source !== 'object' || source === null) {
        throw new InvalidArgumentError('Backend.loadSession', 'source', 'a ModelSource object', source);
      }
      const ort = await createOrtSession(source, sessionOptions);
      const role = 'location' in source ? source.location : 'model';
      const session = new OrtNodeSession(ort, role, forget);
      open.add(session);
      if (options?.signal?.aborted === true) {
        await session.dispose();
        throw options.signal.reason;
      }
      return session;
    },
    async dispose(): Promise<void> {
      await Promise.all([...open].map((s) => s.dispose()));
    },
  };
}
