/**
 * `true` when an external-data `location` entry stays inside the graph's folder: a non-empty relative
 * path with no `..` segment (not `/x`, `C:x`, `../x` or `a/../../x`). Loaders refuse the others, so a model
 * from a stranger cannot make them read files elsewhere.
 * @example
 * isLocalDataLocation('model.onnx_data'); // true
 * isLocalDataLocation('../../etc/passwd'); // false
 */
export function isLocalDataLocation(location: string): boolean {
  const segments = location.split(/[/\\]/);
  return location !== '' && !/^[a-zA-Z]:/.test(location) && segments[0] !== '' && !segments.includes('..');
}
