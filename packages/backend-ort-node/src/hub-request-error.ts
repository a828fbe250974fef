import { HubApiError } from '@huggingface/hub';
import { ModelDownloadError, SowError } from '@sow/core';

/**
 * Turns a failed Hub request into the typed error to throw, or `undefined` when `error` is a transfer that
 * broke off (worth resuming). An HTTP error becomes `ModelDownloadError` with its status and what to do;
 * the message is written here, never copied from the server or the request, so no token can leak into it.
 * A `SowError` passes through unchanged.
 */
export function hubRequestError(location: string, error: unknown, withToken: boolean): SowError | undefined {
  if (SowError.isInstance(error)) return error;
  if (!(error instanceof HubApiError)) {
    const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
    const refused =
      typeof cause?.code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)$/.test(cause.code);
    if (!refused) return undefined;
    return new ModelDownloadError(
      location,
      `the Hub cannot be reached (${cause.code}); check HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use the cache only`,
    );
  }
  const status = error.statusCode;
  let reason = `the Hub answered HTTP ${status}`;
  if (status === 401 || status === 403) {
    reason = withToken
      ? `access denied (HTTP ${status}): the token has no access to this gated or private repository; request access on its Hub page`
      : `access denied (HTTP ${status}): the repository is gated or private; request access on its Hub page, then set HF_TOKEN or pass hub.token`;
  } else if (status === 404) {
    reason = 'not found (HTTP 404): check the repository id, the revision and the subfolder';
  }
  return new ModelDownloadError(location, reason, { status });
}
