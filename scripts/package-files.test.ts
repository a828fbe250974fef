import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicPackages, ROOT } from './package-checks/public-packages.js';

/**
 * Source-level publishing rules for every public package (found by scanning `packages/`): a committed
 * LICENSE equal to the root one, a README whose install command names the package and its peer
 * dependencies, and `files` listing exactly the build, the README and the licence.
 */
const rootLicense = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

describe('public package folders', () => {
  it('the root LICENSE is the Apache License 2.0 the packages declare', () => {
    expect(rootLicense).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    for (const { manifest } of publicPackages()) expect(manifest).toMatchObject({ license: 'Apache-2.0' });
  });

  describe.each(publicPackages().map((p) => [p.manifest.name, p] as const))(
    '%s',
    (name, { dir, manifest }) => {
      it('has a LICENSE equal to the root one', () => {
        expect(existsSync(join(dir, 'LICENSE'))).toBe(true);
        expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(rootLicense);
      });

      it('has a README whose install command names the package and its peer dependencies', () => {
        const readme = readFileSync(join(dir, 'README.md'), 'utf8');
        const title = readme.split('\n')[0] ?? '';
        expect(
          title.startsWith('# ') && title.includes(name),
          `a "# ... ${name}" title, got "${title}"`,
        ).toBe(true);
        const install = readme
          .split('\n')
          .find((line) => line.startsWith('npm install ') && line.includes(name));
        expect(install, `an "npm install ... ${name}" line`).toBeDefined();
        for (const peer of Object.keys(manifest.peerDependencies ?? {})) expect(install).toContain(peer);
      });

      it('publishes exactly dist, README.md and LICENSE', () => {
        expect(manifest.files).toEqual(['dist', 'README.md', 'LICENSE']);
      });
    },
  );
});
