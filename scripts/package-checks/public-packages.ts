import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The parts of a package manifest these checks read. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly files?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** A workspace package that is published (not `"private": true`). */
export interface PublicPackage {
  /** Its folder, absolute. */
  readonly dir: string;
  /** Its package.json. */
  readonly manifest: PackageManifest;
}

/** Every public package under `packages/`, found by scanning their package.json files (not a fixed list). */
export function publicPackages(): PublicPackage[] {
  const base = join(ROOT, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const dir = join(base, e.name);
      let manifest: PackageManifest;
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
      } catch {
        return [];
      }
      return manifest.private === true ? [] : [{ dir, manifest }];
    });
}

/** npm settings a child npm keeps from the environment: where and how it reaches the registry. */
const NETWORK_SETTINGS =
  /^npm_config_(registry|cache|userconfig|cafile|strict_ssl|proxy|https_proxy|noproxy)$/i;

/**
 * The environment for a child npm: without the `npm_*` variables a parent `npm run` sets (its package,
 * lifecycle and project settings), keeping the registry, cache, TLS and proxy settings.
 */
export function cleanNpmEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) || NETWORK_SETTINGS.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** One packed tarball, as `npm pack --json` describes it. */
export interface PackedPackage {
  /** Package name. */
  readonly name: string;
  /** Package version. */
  readonly version: string;
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** Paths inside the package. */
  readonly files: readonly string[];
}

/** Packs the given packages (built: `npm run build` first) into `dest` with one `npm pack` call. */
export function packPackages(packages: readonly PublicPackage[], dest: string): PackedPackage[] {
  const args = ['pack', '--json', '--pack-destination', dest, ...packages.flatMap((p) => ['-w', p.dir])];
  const out = execFileSync('npm', args, {
    cwd: ROOT,
    env: cleanNpmEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const packed = JSON.parse(out) as {
    name: string;
    version: string;
    filename: string;
    files: { path: string }[];
  }[];
  return packed.map((p) => ({
    name: p.name,
    version: p.version,
    tarball: join(dest, p.filename),
    files: p.files.map((f) => f.path),
  }));
}
