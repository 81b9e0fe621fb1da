/**
 * Bad input found outside a spec's YAML (a missing file, a bad option value, an unreadable results file).
 * The compiler and the stages above it throw it; the CLI turns it into `mlpc: <message>` and exit code 2.
 *
 * It is recognised by a registered symbol rather than `instanceof`: the start-up bundle (scripts/bundle.mjs)
 * and tsc's dist/ each hold a copy of this module, and an error thrown by one copy must be known to the other.
 */
const INPUT_ERROR = Symbol.for('mlpc.InputError');

export class InputError extends Error {
  readonly [INPUT_ERROR] = true;
  override name = 'InputError';
}

export function isInputError(error: unknown): error is InputError {
  return typeof error === 'object' && error !== null && (error as { [INPUT_ERROR]?: boolean })[INPUT_ERROR] === true;
}
