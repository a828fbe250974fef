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
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { toOrtTensor } from './ort-tensor.js';

/**
 * Core's {@link Session} over an ONNX Runtime Node inference session: validates feeds before the runtime
 * sees them, shares tensor memory both ways, and waits for runs in flight before releasing native memory.
 */
export class OrtNodeSession implements Session {
  /** The graph's inputs, in order. */
  readonly inputs: readonly TensorInfo[];
  /** The graph's outputs, in order. */
  readonly outputs: readonly TensorInfo[];
  readonly #session: InferenceSession;
  readonly #role: string;
  readonly #onDispose: (session: OrtNodeSession) => void;
  readonly #inFlight = new Set<Promise<unknown>>();
  #disposed: Promise<void> | undefined;

  /** `role` names the model in error messages (its path, or `model`); `onDispose` runs once. */
  constructor(session: InferenceSession, role: string, onDispose: (session: OrtNodeSession) => void) {
    this.#session = session;
    this.#role = role;
    this.#onDispose = onDispose;
    this.inputs = session.inputMetadata.map(tensorInfoFromRuntime);
    this.outputs = session.outputMetadata.map(tensorInfoFromRuntime);
  }

  /** Runs the graph; see {@link Session.run}. The signal is checked before and after the runtime call. */
  async run(feeds: Readonly<Record<string, Tensor>>, options?: RunOptions): Promise<Record<string, Tensor>> {
    throwIfAborted(options?.signal);
    if (this.#disposed !== undefined) {
      throw new InvalidArgumentError('Session.run', 'session', 'a session that is not disposed', 'disposed');
    }
    validateFeeds(this.#role, this.inputs, feeds);
    checkOutputTypes(this.#role, this.outputs);
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(tensor);
    const pending = this.#session.run(ortFeeds);
    this.#inFlight.add(pending);
    let results: InferenceSession.ReturnType;
    try {
      results = await pending;
    } finally {
      this.#inFlight.delete(pending);
    }
    throwIfAborted(options?.signal);
    return tensorsFromRuntime(this.outputs, results);
  }

  /** Releases the native session after the runs in flight finish; later calls return the same promise. */
  dispose(): Promise<void> {
    if (this.#disposed === undefined) {
      this.#onDispose(this);
      this.#disposed = Promise.allSettled([...this.#inFlight]).then(() => this.#session.release());
    }
    return this.#disposed;
  }
}
