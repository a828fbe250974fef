import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium, which `scripts/ensure-test-deps.sh` installs when it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for headless, offline runs with WebGPU on SwiftShader (a CPU implementation, so no GPU is needed). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
];

const ENSURE_TEST_DEPS = fileURLToPath(new URL('../../../scripts/ensure-test-deps.sh', import.meta.url));

/**
 * Makes sure Chromium is installed (running `scripts/ensure-test-deps.sh`, which installs it with apt-get
 * when we are root) and launches it headless with a fresh profile in `profileDir`.
 * @example
 * const context = await launchChromium(await mkdtemp(join(tmpdir(), 'profile-')));
 */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  execFileSync('bash', [ENSURE_TEST_DEPS], { stdio: 'inherit' });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1000, height: 900 },
    deviceScaleFactor: 1,
  });
}
