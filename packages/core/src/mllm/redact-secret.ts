/**
 * Replaces every occurrence of `secret` in `text` with `***`, so adapter error details never carry an
 * API key even when a server echoes it back. Secrets shorter than 4 characters are left alone.
 * @example
 * ```ts
 * redactSecret('bad key AIza123456', 'AIza123456'); // 'bad key ***'
 * ```
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < 4) return text;
  return text.split(secret).join('***');
}
