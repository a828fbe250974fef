import { ModelIOError } from '../errors/model-io-error.js';
import type { Session, TensorInfo } from '../models/backend.js';

/**
 * The names a model role needs. An entry that is an array lists alternatives (exporters disagree on the
 * name), of which the model must have exactly one.
 */
interface RoleNames {
  readonly inputs: readonly (string | readonly string[])[];
  readonly outputs: readonly (string | readonly string[])[];
}

function present(infos: readonly TensorInfo[], want: string | readonly string[]): string | undefined {
  const names = typeof want === 'string' ? [want] : want;
  return names.find((n) => infos.some((i) => i.name === n));
}

/**
 * Checks a session against the names a role needs and returns the names it resolved (one per entry,
 * alternatives settled). Inputs must match exactly; outputs may include extras (`pooler_output`,
 * `hidden_states.N`). Throws {@link ModelIOError} naming the role, the missing and the unexpected names.
 */
export function checkSessionIO(
  role: string,
  session: Session,
  names: RoleNames,
): { inputs: string[]; outputs: string[] } {
  const missing: string[] = [];
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const want of names.inputs) {
    const found = present(session.inputs, want);
    if (found === undefined) missing.push(typeof want === 'string' ? want : want.join('|'));
    else inputs.push(found);
  }
  for (const want of names.outputs) {
    const found = present(session.outputs, want);
    if (found === undefined) missing.push(typeof want === 'string' ? want : want.join('|'));
    else outputs.push(found);
  }
  const extraInputs = session.inputs.map((i) => i.name).filter((n) => !inputs.includes(n));
  if (missing.length > 0 || extraInputs.length > 0) {
    const extraOutputs =
      missing.length > 0 ? session.outputs.map((o) => o.name).filter((n) => !outputs.includes(n)) : [];
    throw new ModelIOError(role, missing, [...extraInputs, ...extraOutputs]);
  }
  return { inputs, outputs };
}

/** The metadata of a named input or output that {@link checkSessionIO} has already found. */
export function tensorInfo(infos: readonly TensorInfo[], name: string): TensorInfo {
  const info = infos.find((i) => i.name === name);
  if (info === undefined) throw new ModelIOError('model', [name], []);
  return info;
}

/** Throws {@link ModelIOError} when a tensor's element type is not one the role can feed or read. */
export function checkDtype(role: string, info: TensorInfo, allowed: readonly string[]): void {
  if (!allowed.includes(info.dtype)) {
    throw new ModelIOError(role, [], [], `${info.name} must be ${allowed.join(' or ')}, got ${info.dtype}`);
  }
}
