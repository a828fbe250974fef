import { BackendUnavailableError, InvalidArgumentError } from '@sow/core';
import { InferenceSession, listSupportedBackends } from 'onnxruntime-node';
import { identityModelBytes } from './identity-model-bytes.js';
import type { OrtNodeDevice } from './ort-node-backend-settings.js';

/** The device a backend settled on and the execution providers its sessions use. */
export interface ResolvedDevice {
  /** `cpu` or `cuda`. */
  readonly device: 'cpu' | 'cuda';
  /** Execution providers for `InferenceSession.create`, CPU last where it is the device. */
  readonly executionProviders: InferenceSession.ExecutionProviderConfig[];
}

/** Why CUDA cannot be used here, or `undefined` when a CUDA session starts. */
async function cudaProblem(deviceId: number): Promise<{ reason: string; cause?: unknown } | undefined> {
  const listed = listSupportedBackends().some((b) => b.name === 'cuda');
  if (!listed) return { reason: 'this onnxruntime-node build has no CUDA execution provider' };
  try {
    const probe = await InferenceSession.create(identityModelBytes(), {
      executionProviders: [{ name: 'cuda', deviceId }],
      logSeverityLevel: 4,
    });
    await probe.release();
    return undefined;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    return { reason: `the CUDA execution provider did not start: ${message}`, cause };
  }
}

/**
 * Turns the requested device into execution providers, probing CUDA with a one-node session so that
 * `cuda` never silently becomes the CPU. `auto` picks CUDA when the probe passes, else the CPU.
 */
export async function resolveDevice(requested: OrtNodeDevice, cudaDeviceId: number): Promise<ResolvedDevice> {
  const cpu: ResolvedDevice = { device: 'cpu', executionProviders: ['cpu'] };
  const cuda: ResolvedDevice = {
    device: 'cuda',
    executionProviders: [{ name: 'cuda', deviceId: cudaDeviceId }],
  };
  switch (requested) {
    case 'cpu':
      return cpu;
    case 'cuda': {
      const problem = await cudaProblem(cudaDeviceId);
      if (problem === undefined) return cuda;
      throw new BackendUnavailableError(
        'cuda',
        ['cpu'],
        problem.reason,
        problem.cause === undefined ? undefined : { cause: problem.cause },
      );
    }
    case 'auto':
      return (await cudaProblem(cudaDeviceId)) === undefined ? cuda : cpu;
    default:
      throw new InvalidArgumentError(
        'createOrtNodeBackend',
        'settings.device',
        "one of 'cpu', 'cuda', 'auto'",
        requested,
      );
  }
}
