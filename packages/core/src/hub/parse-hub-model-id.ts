import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** A Hugging Face Hub model reference, the parsed form of an `hf:` model id. */
export interface HubModelId {
  /** Repository id, `owner/name`. */
  readonly repo: string;
  /** Branch, tag or commit hash; `main` when the id names none. */
  readonly revision: string;
  /** Folder inside the repository that holds `model_index.json`; `''` for the repository root. */
  readonly subfolder: string;
}

const PREFIX = 'hf:';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EXPECTED = "'hf:owner/name', optionally with '@revision' and a '/subfolder' after it";

/** True when `model` is an `hf:` model id rather than a folder path or URL. */
export function isHubModelId(model: unknown): model is string {
  return typeof model === 'string' && model.startsWith(PREFIX);
}

/**
 * Parses an `hf:` model id, `hf:owner/name[@revision][/sub/folder]`, the form of the Hub's own file-system
 * URLs: a revision with a slash in it (`refs/pr/1`) is percent-encoded (`@refs%2Fpr%2F1`).
 * @throws InvalidArgumentError when `id` is not of that form (no `hf:`, no owner, an empty revision,
 * `..` in the subfolder).
 * @example
 * parseHubModelId('hf:aislamov/stable-diffusion-2-1-base-onnx@cpu');
 * // { repo: 'aislamov/stable-diffusion-2-1-base-onnx', revision: 'cpu', subfolder: '' }
 */
export function parseHubModelId(id: string): HubModelId {
  const fail = (): never => {
    throw new InvalidArgumentError('parseHubModelId', 'id', EXPECTED, id);
  };
  if (!isHubModelId(id)) return fail();
  const [owner = '', nameAndRevision = '', ...rest] = id.slice(PREFIX.length).split('/');
  const at = nameAndRevision.indexOf('@');
  const name = at < 0 ? nameAndRevision : nameAndRevision.slice(0, at);
  let revision = 'main';
  if (at >= 0) {
    try {
      revision = decodeURIComponent(nameAndRevision.slice(at + 1));
    } catch {
      return fail();
    }
  }
  const subfolder = rest.join('/').replace(/\/+$/, '');
  const badPart = (part: string) => part === '' || part === '.' || part === '..';
  if (!NAME.test(owner) || !NAME.test(name) || revision === '' || /\s/.test(revision)) return fail();
  if (subfolder !== '' && subfolder.split('/').some(badPart)) return fail();
  return { repo: `${owner}/${name}`, revision, subfolder };
}
