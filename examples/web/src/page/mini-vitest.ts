/**
 * A small stand-in for vitest's `describe`/`it`/`beforeAll`/`afterAll`/`expect`, bundled in place of
 * `vitest` into the browser harness so the shared backend conformance cases of `@sow/test-kit` run in a
 * real browser unchanged. `expect` is vitest's own (`@vitest/expect`, the Jest-compatible matchers).
 */
import {
  ChaiStyleAssertions,
  chai,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';
import type { expect as VitestExpect } from 'vitest';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

type Hook = () => unknown;

/** One registered test. */
interface TestCase {
  readonly kind: 'test';
  readonly name: string;
  readonly fn: Hook;
}

/** One `describe` block and what it registered. */
interface Suite {
  readonly kind: 'suite';
  readonly name: string;
  readonly beforeAll: Hook[];
  readonly afterAll: Hook[];
  readonly children: (Suite | TestCase)[];
}

/** The outcome of one test: its full name, whether it passed, and the error message when it did not. */
export interface CaseResult {
  /** Names of the enclosing `describe` blocks and the test, joined by ` > `. */
  readonly name: string;
  /** True when the test and its `beforeAll` hooks passed. */
  readonly ok: boolean;
  /** The failure's message, when it failed. */
  readonly error?: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

const newSuite = (name: string): Suite => ({
  kind: 'suite',
  name,
  beforeAll: [],
  afterAll: [],
  children: [],
});
let current = newSuite('');

/** vitest's `expect`, without the test-runner state it does not need here. */
export const expect = ((value: unknown, message?: string) =>
  chai.expect(value, message)) as unknown as typeof VitestExpect;
Object.assign(expect, chai.expect);
setState(
  { assertionCalls: 0, isExpectingAssertions: false, expectedAssertionsNumber: null, currentTestName: '' },
  expect,
);

/** Registers a block of tests (collected now, run by {@link runCollected}). */
export function describe(name: string, body: () => void): void {
  const suite = newSuite(name);
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    body();
  } finally {
    current = parent;
  }
}

/** Registers a test. */
export function it(name: string, fn: Hook): void {
  current.children.push({ kind: 'test', name, fn });
}

/** Same as {@link it}. */
export const test = it;

/** Registers a hook that runs once before the tests of the enclosing block. */
export function beforeAll(fn: Hook): void {
  current.beforeAll.push(fn);
}

/** Registers a hook that runs once after the tests of the enclosing block. */
export function afterAll(fn: Hook): void {
  current.afterAll.push(fn);
}

const message = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;

/** Runs one suite: hooks, then children in order; a failing `beforeAll` fails every test inside. */
async function runSuite(suite: Suite, path: readonly string[], out: CaseResult[]): Promise<void> {
  const names = suite.name === '' ? path : [...path, suite.name];
  let setupError: string | undefined;
  for (const hook of suite.beforeAll) {
    try {
      await hook();
    } catch (error) {
      setupError = `beforeAll: ${message(error)}`;
      break;
    }
  }
  for (const child of suite.children) {
    if (child.kind === 'suite') {
      if (setupError === undefined) await runSuite(child, names, out);
      else collectFailures(child, names, setupError, out);
      continue;
    }
    const name = [...names, child.name].join(' > ');
    if (setupError !== undefined) {
      out.push({ name, ok: false, error: setupError, ms: 0 });
      continue;
    }
    const started = performance.now();
    try {
      await child.fn();
      out.push({ name, ok: true, ms: performance.now() - started });
    } catch (error) {
      out.push({ name, ok: false, error: message(error), ms: performance.now() - started });
    }
  }
  for (const hook of suite.afterAll) {
    try {
      await hook();
    } catch (error) {
      out.push({ name: [...names, 'afterAll'].join(' > '), ok: false, error: message(error), ms: 0 });
    }
  }
}

/** Marks every test under a suite whose setup failed. */
function collectFailures(suite: Suite, path: readonly string[], error: string, out: CaseResult[]): void {
  const names = [...path, suite.name];
  for (const child of suite.children) {
    if (child.kind === 'suite') collectFailures(child, names, error, out);
    else out.push({ name: [...names, child.name].join(' > '), ok: false, error, ms: 0 });
  }
}

/**
 * Collects the tests `register` declares, runs them in order and returns one result per test. Each call
 * starts from an empty collection.
 */
export async function runCollected(register: () => void): Promise<CaseResult[]> {
  current = newSuite('');
  register();
  const root = current;
  const out: CaseResult[] = [];
  await runSuite(root, [], out);
  return out;
}
