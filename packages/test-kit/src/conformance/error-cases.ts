import {
  type Backend,
  createTensor,
  InvalidArgumentError,
  ModelIOError,
  type Session,
  ShapeMismatchError,
  SowError,
} from '@sow/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { affineModel, identityModel } from './conformance-models.js';
import { rejection } from './rejection.js';
import { identityFeeds } from './run-cases.js';

/** Registers the cases for bad feeds and aborted signals. */
export function describeErrorCases(backend: () => Backend): void {
  describe('bad feeds', () => {
    let identity: Session;
    beforeAll(async () => {
      identity = await backend().loadSession({ bytes: identityModel() });
    });

    it('rejects a missing input with ModelIOError naming it', async () => {
      const { i64: _dropped, ...feeds } = identityFeeds();
      const error = await rejection(identity.run(feeds));
      expect(error).toBeInstanceOf(ModelIOError);
      expect((error as ModelIOError).missing).toEqual(['i64']);
      expect((error as ModelIOError).unexpected).toEqual([]);
      expect((error as Error).message).toContain('i64');
    });

    it('rejects an unknown extra input with ModelIOError naming it', async () => {
      const feeds = { ...identityFeeds(), bogus: createTensor('float32', [1]) };
      const error = await rejection(identity.run(feeds));
      expect(error).toBeInstanceOf(ModelIOError);
      expect((error as ModelIOError).missing).toEqual([]);
      expect((error as ModelIOError).unexpected).toEqual(['bogus']);
    });

    it('rejects a wrong dtype with InvalidArgumentError naming the input', async () => {
      const feeds = { ...identityFeeds(), i64: createTensor('int32', [3], [1, 2, 3]) };
      const error = await rejection(identity.run(feeds));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toContain('i64');
      expect((error as Error).message).toContain('int64');
    });

    it('rejects a wrong rank or fixed dimension with ShapeMismatchError', async () => {
      const wrongDim = { ...identityFeeds(), i32: createTensor('int32', [5]) };
      expect(await rejection(identity.run(wrongDim))).toBeInstanceOf(ShapeMismatchError);
      const wrongRank = { ...identityFeeds(), f32: createTensor('float32', [6]) };
      expect(await rejection(identity.run(wrongRank))).toBeInstanceOf(ShapeMismatchError);
    });

    it('still runs correctly after rejected calls', async () => {
      const out = await identity.run(identityFeeds());
      expect(out.i64_out!.data).toEqual(identityFeeds().i64!.data);
    });
  });

  describe('abort', () => {
    it('rejects a run with the aborted signal’s own reason, unwrapped', async () => {
      const session = await backend().loadSession({ bytes: affineModel() });
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      controller.abort(reason);
      const x = createTensor('float32', [1, 4]);
      expect(await rejection(session.run({ x }, { signal: controller.signal }))).toBe(reason);
      const plain = new AbortController();
      plain.abort();
      expect(await rejection(session.run({ x }, { signal: plain.signal }))).toBe(plain.signal.reason);
      expect((await session.run({ x })).y!.shape).toEqual([1, 3]);
      await session.dispose();
    });

    it('rejects a load with the aborted signal’s reason and opens no session', async () => {
      const before = backend().openSessions;
      const controller = new AbortController();
      const reason = { why: 'navigated away' };
      controller.abort(reason);
      const error = await rejection(
        backend().loadSession({ bytes: affineModel() }, { signal: controller.signal }),
      );
      expect(error).toBe(reason);
      expect(backend().openSessions).toBe(before);
    });
  });
}

/** Registers the session lifecycle cases: counting, idempotent dispose, typed errors afterwards. */
export function describeDisposeCases(makeBackend: () => Promise<Backend>): void {
  describe('dispose', () => {
    it('counts open sessions and closes them all', async () => {
      const backend = await makeBackend();
      const x = createTensor('float32', [1, 4]);
      const [a, b, c] = await Promise.all([0, 1, 2].map(() => backend.loadSession({ bytes: affineModel() })));
      expect(backend.openSessions).toBe(3);
      await a!.dispose();
      await a!.dispose();
      expect(backend.openSessions).toBe(2);
      const afterDispose = await rejection(a!.run({ x }));
      expect(SowError.isInstance(afterDispose)).toBe(true);
      expect((await b!.run({ x })).y!.shape).toEqual([1, 3]);
      await backend.dispose();
      expect(backend.openSessions).toBe(0);
      for (const s of [b!, c!]) expect(SowError.isInstance(await rejection(s.run({ x })))).toBe(true);
    });

    it('lets runs in flight finish when a session is disposed', async () => {
      const backend = await makeBackend();
      const session = await backend.loadSession({ bytes: affineModel() });
      const x = createTensor('float32', [2, 4], [1, 2, 3, 4, 5, 6, 7, 8]);
      const running = session.run({ x });
      await session.dispose();
      expect((await running).y!.shape).toEqual([2, 3]);
      expect(backend.openSessions).toBe(0);
      await backend.dispose();
    });
  });
}
