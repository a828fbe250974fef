/**
 * Rejects with the signal's own reason (unwrapped) when it has been aborted. Pipelines call it before
 * every model call, which makes one model call the cancellation granularity.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw signal.reason;
}
