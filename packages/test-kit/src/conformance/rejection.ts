/**
 * Awaits a promise that must reject and returns the rejection, so a test can inspect a typed error's fields;
 * fails when the promise resolves.
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
