import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `@sow/core` must run unchanged in a browser: its library sources may import only relative modules and
 * the few runtime-neutral packages it declares. This scans every non-test source file's import
 * specifiers (static, dynamic and re-exports) and the built-in globals that only Node has.
 */
const coreSrc = fileURLToPath(new URL('../packages/core/src', import.meta.url));
const corePackage = JSON.parse(
  readFileSync(fileURLToPath(new URL('../packages/core/package.json', import.meta.url)), 'utf8'),
) as { dependencies?: Record<string, string> };
const allowedPackages = new Set(Object.keys(corePackage.dependencies ?? {}));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

function specifiers(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

const packageName = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);

describe('@sow/core purity', () => {
  const files = sourceFiles(coreSrc);

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports nothing from onnxruntime-*, MLLM SDKs or Node built-ins', () => {
    const offenders: string[] = [];
    const builtins = new Set(builtinModules);
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) continue;
        const name = packageName(spec);
        const bad =
          spec.startsWith('node:') ||
          builtins.has(name) ||
          name.startsWith('onnxruntime') ||
          name === '@google/genai' ||
          name === 'openai' ||
          !allowedPackages.has(name);
        if (bad) offenders.push(`${relative(coreSrc, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses no Node-only globals', () => {
    const offenders = files.filter((f) =>
      /\b(Buffer|process|__dirname|__filename|require)\s*[.(]/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(coreSrc, f))).toEqual([]);
  });

  it('would catch a forbidden import (the scanner itself works)', () => {
    const sample =
      "import { x } from 'node:fs';\nexport * from 'onnxruntime-web';\nconst y = await import('os');";
    expect(specifiers(sample)).toEqual(['node:fs', 'onnxruntime-web', 'os']);
  });
});
