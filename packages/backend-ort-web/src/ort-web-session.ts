import {
  checkOutputTypes,
  InvalidArgumentError,
  type RunOptions,
  type Session,
  type Tensor,
  type TensorInfo,
  tensorInfoFromRuntime,
  tensorsFromRuntime,
  throwIfAborted,
  validateFeeds,
} from '@sow/core';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-web';
import type { OrtWebModule } from './ort-web-backend-settings.js';
import { toOrtTensor } from './ort-web-tensor.js';
import type { SerialQueue } from './serial-queue.js';

/**
 * Core's {@link Session} over an ONNX Runtime Web inference session. Feeds are validated before the
 * runtime sees them; runs and the final release go through the backend's queue, so they never overlap
 * with another session's work and a dispose waits for the runs queued before it.
 */
export class OrtWebSession implements Session {
  /** The graph's inputs, in order. */
  readonly inputs: readonly TensorInfo[];
  /** The graph's outputs, in order. */
  readonly outputs: readonly TensorInfo[];
  readonly #ort: OrtWebModule;
  readonly #session: InferenceSession;
  readonly #role: string;
  readonly #queue: SerialQueue;
  readonly #onDispose: (session: OrtWebSession) => void;
  #disposed: Promise<void> | undefined;

  /** `role` names the model in errors; `queue` is the backend's; `onDispose` runs once. */
  constructor(
    ort: OrtWebModule,
    session: InferenceSession,
    role: string,
    queue: SerialQueue,
    onDispose: (session: OrtWebSession) => void,
  ) {
    this.#ort = ort;
    this.#session = session;
    this.#role = role;
    this.#queue = queue;
    this.#onDispose = onDispose;
    this.inputs = session.inputMetadata.map(tensorInfoFromRuntime);
    this.outputs = session.outputMetadata.map(tensorInfoFromRuntime);
  }

  /** Runs the graph; see {@link Session.run}. The signal is checked when queued, when started and after. */
  async run(feeds: Readonly<Record<string, Tensor>>, options?: RunOptions): Promise<Record<string, Tensor>> {
    throwIfAborted(options?.signal);
    if (this.#disposed !== undefined) {
      throw new InvalidArgumentError('Session.run', 'session', 'a session that is not disposed', 'disposed');
    }
    validateFeeds(this.#role, this.inputs, feeds);
    checkOutputTypes(this.#role, this.outputs);
    const results = await this.#queue(() => {
      throwIfAborted(options?.signal);
      const ortFeeds: Record<string, OrtTensor> = {};
      for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(this.#ort, tensor);
      return this.#session.run(ortFeeds);
    });
    throwIfAborted(options?.signal);
    return tensorsFromRuntime(this.outputs, results);
  }

  /** Releases the runtime session after the runs queued before it; later calls return the same promise. */
  dispose(): Promise<void> {
    if (this.#disposed === undefined) {
      this.#onDispose(this);
      this.#disposed = this.#queue(() => this.#session.release());
    }
    return this.#disposed;
  }
}
