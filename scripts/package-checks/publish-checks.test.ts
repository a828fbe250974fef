import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanNpmEnv, type PackedPackage, packPackages, publicPackages, ROOT } from './public-packages.js';

/**
 * What a consumer of the published packages gets: every public package (found by scanning
 * `packages/*\/package.json`) is packed from its build, and the tarball is checked with publint, with
 * Are the Types Wrong (ESM and types must resolve under node16/nodenext and bundler) and with
 * `npm publish --dry-run`. Runs after `npm run build` (`npm run test:packages`).
 */
const packages = publicPackages();
const dest = mkdtempSync(join(tmpdir(), 'sow-pack-'));
afterAll(() => rmSync(dest, { recursive: true, force: true }));
const packed = new Map<string, PackedPackage>(packPackages(packages, dest).map((p) => [p.name, p]));
const rootLicense = readFileSync(join(ROOT, 'LICENSE'));

/** Are the Types Wrong's JSON report for one tarball (its exit status is not used: the JSON is read). */
function attw(tarball: string): {
  problems?: Record<string, { kind: string; resolutionKind?: string }[]>;
  analysis: {
    entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>;
  };
} {
  const bin = join(ROOT, 'node_modules', '.bin', 'attw');
  let out: string;
  try {
    out = execFileSync(bin, [tarball, '--profile', 'esm-only', '--format', 'json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  return JSON.parse(out);
}

describe('public packages', () => {
  it('are found by scanning packages/ and all packed', () => {
    expect(packages.map((p) => p.manifest.name)).toContain('@sow/core');
    expect([...packed.keys()].sort()).toEqual(packages.map((p) => p.manifest.name).sort());
  });

  describe.each(packages.map((p) => [p.manifest.name, p] as const))('%s', (name) => {
    const pack = () => packed.get(name) as PackedPackage;

    it('ships README.md, LICENSE (the root licence), package.json and the built entry with its types', () => {
      const files = pack().files;
      for (const f of ['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts']) {
        expect(files).toContain(f);
      }
      expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual([
        'LICENSE',
        'README.md',
        'package.json',
      ]);
      const license = execFileSync('tar', ['-xOzf', pack().tarball, 'package/LICENSE'], { stdio: 'pipe' });
      expect(license.equals(rootLicense)).toBe(true);
    });

    it('passes publint with no errors or warnings', async () => {
      const bytes = readFileSync(pack().tarball);
      const { messages } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
        level: 'warning',
      });
      expect(messages).toEqual([]);
    });

    it('resolves ESM and types under node16/nodenext and bundler (Are the Types Wrong)', () => {
      const report = attw(pack().tarball);
      const problems = Object.values(report.problems ?? {})
        .flat()
        .filter(
          (p) => p.resolutionKind === undefined || ['node16-esm', 'bundler'].includes(p.resolutionKind),
        );
      expect(problems).toEqual([]);
      const root = report.analysis.entrypoints['.'];
      for (const kind of ['node16-esm', 'bundler']) {
        expect(root?.resolutions[kind]?.resolution?.fileName).toMatch(/\/dist\/index\.d\.ts$/);
      }
    });

    it('publishes in a dry run', () => {
      const out = execFileSync('npm', ['publish', '--dry-run', '--json', pack().tarball], {
        cwd: dest,
        env: cleanNpmEnv(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const report = JSON.parse(out) as Record<string, { id: string }>;
      expect(report[name]?.id).toBe(`${name}@${pack().version}`);
    });
  });
});
