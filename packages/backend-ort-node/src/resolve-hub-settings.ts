import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getHFHubCachePath } from '@huggingface/hub';
import { HUB_DEFAULT_ENDPOINT, InvalidArgumentError } from '@sow/core';
import type { HubModelOptions } from './hub-model-options.js';

/** {@link HubModelOptions} with every default filled in from the environment. */
export interface HubSettings {
  /** Access token, if any. */
  readonly token: string | undefined;
  /** Hub endpoint without a trailing slash. */
  readonly endpoint: string;
  /** Hub cache folder. */
  readonly cacheDir: string;
  /** Cache only. */
  readonly offline: boolean;
  /** Preferred precision. */
  readonly variant: 'fp32' | 'fp16';
  /** Resolve the revision online even when cached. */
  readonly revalidate: boolean;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);

/** The token file `hf auth login` writes, or `undefined` when there is none. */
function tokenFromFile(env: NodeJS.ProcessEnv): string | undefined {
  const home = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface');
  try {
    const token = readFileSync(env.HF_TOKEN_PATH ?? join(home, 'token'), 'utf8').trim();
    return token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}

/**
 * Fills in {@link HubModelOptions} from the environment the way Python's `huggingface_hub` does
 * (`HF_TOKEN`, `HF_ENDPOINT`, `HF_HUB_CACHE`/`HF_HOME`, `HF_HUB_OFFLINE`); options win over variables.
 * @throws InvalidArgumentError for a token that does not start with `hf_` (the value itself is not shown)
 * or an endpoint that is not an http(s) URL.
 */
export function resolveHubSettings(options: HubModelOptions = {}): HubSettings {
  const env = process.env;
  const token = options.token ?? (env.HF_TOKEN || undefined) ?? tokenFromFile(env);
  if (token !== undefined && !token.startsWith('hf_')) {
    const received = `a token of ${token.length} characters not starting with 'hf_' (not shown)`;
    throw new InvalidArgumentError(
      'hub',
      'token',
      "a Hugging Face access token starting with 'hf_'",
      received,
    );
  }
  const endpoint = (options.endpoint ?? (env.HF_ENDPOINT || HUB_DEFAULT_ENDPOINT)).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new InvalidArgumentError(
      'hub',
      'endpoint',
      'an http(s) URL such as https://huggingface.co',
      endpoint,
    );
  }
  return {
    token,
    endpoint,
    cacheDir: options.cacheDir ?? getHFHubCachePath(),
    offline: options.offline ?? TRUE.has((env.HF_HUB_OFFLINE ?? '').toLowerCase()),
    variant: options.variant ?? 'fp32',
    revalidate: options.revalidate ?? false,
  };
}
