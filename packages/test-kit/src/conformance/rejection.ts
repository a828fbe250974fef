/**
 * Awaits a promise that must reject and returns the rejection (a resolved promise fails the test), so a
 * test can check the error's class and fields.
 * @example
 * expect(await rejection(load(dir))).toMatchObject({ code: 'MODEL_LOAD' });
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
