/** Runs tasks one at a time in call order; returns each task's own result or rejection. */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Creates a queue that runs async tasks strictly one after another. ONNX Runtime Web shares one WASM
 * instance (and one GPU device) between its sessions and does not allow overlapping calls, so the backend
 * puts every session creation, run and release through one queue per ONNX Runtime module.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
}
