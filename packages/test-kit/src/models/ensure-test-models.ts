import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTestPipeline } from './generate-test-pipeline.js';
import { TEST_MODEL_VARIANTS, type TestModelVariant } from './test-model-variants.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Folder that holds the generated pipelines: `<repo>/.cache/test-models` (git-ignored). */
export const TEST_MODELS_CACHE_DIR = fileURLToPath(
  new URL('../../../../.cache/test-models', import.meta.url),
);

const STAMP = '.generator-hash';

/** Hash of the generator's own source files: a cached folder is reused only while they are unchanged. */
function generatorHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(HERE).sort()) {
    if (/\.(ts|js)$/.test(name) && !/\.test\.(ts|js)$/.test(name)) {
      hash.update(name);
      hash.update(readFileSync(join(HERE, name)));
    }
  }
  return hash.digest('hex');
}

function isCurrent(dir: string, hash: string): boolean {
  const stamp = join(dir, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
}

/**
 * Returns the folder of a generated test pipeline, `<repo>/.cache/test-models/<variant>`, without
 * generating it. Call {@link ensureTestModels} first.
 */
export function testModelDir(variant: TestModelVariant): string {
  return join(TEST_MODELS_CACHE_DIR, variant);
}

/**
 * Makes sure the generated test pipelines exist and match the current generator, generating missing or
 * stale ones, and returns their folders by variant. Safe to call from several processes at once: each
 * writes into a private temporary folder and renames it into place atomically.
 * @example
 * const dirs = ensureTestModels(['optimum']);
 * const unetPath = join(dirs.optimum, 'unet', 'model.onnx');
 */
export function ensureTestModels(
  variants: readonly TestModelVariant[] = TEST_MODEL_VARIANTS,
): Record<TestModelVariant, string> {
  const hash = generatorHash();
  mkdirSync(TEST_MODELS_CACHE_DIR, { recursive: true });
  const dirs = {} as Record<TestModelVariant, string>;
  for (const variant of variants) {
    const dir = testModelDir(variant);
    dirs[variant] = dir;
    if (isCurrent(dir, hash)) continue;
    const unique = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const tmp = join(TEST_MODELS_CACHE_DIR, `.tmp-${variant}-${unique}`);
    generateTestPipeline(variant, tmp);
    generateStamp(tmp, hash);
    if (existsSync(dir) && !isCurrent(dir, hash)) {
      // Move the stale folder aside first; another process may be doing the same, so tolerate losing.
      try {
        renameSync(dir, join(TEST_MODELS_CACHE_DIR, `.old-${variant}-${unique}`));
      } catch {
        // Someone else moved or replaced it.
      }
    }
    try {
      renameSync(tmp, dir);
    } catch (error) {
      if (!isCurrent(dir, hash)) throw error;
    }
    rmSync(tmp, { recursive: true, force: true });
    for (const name of readdirSync(TEST_MODELS_CACHE_DIR)) {
      if (name.startsWith(`.old-${variant}-${unique}`)) {
        rmSync(join(TEST_MODELS_CACHE_DIR, name), { recursive: true, force: true });
      }
    }
  }
  return dirs;
}

function generateStamp(dir: string, hash: string): void {
  writeFileSync(join(dir, STAMP), hash);
}
