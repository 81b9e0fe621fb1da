import { isInputError } from '../compiler/errors.js';
import { ExitCode } from './exit-codes.js';

let debug = false;
export function setDebug(on: boolean): void {
  debug = on;
}

const REPORT_URL = 'https://github.com/mlpc-dev/mlpc/issues';

/**
 * Wraps a command implementation: its resolved number becomes the exit code; an InputError is exit 2
 * with its message; anything else is an internal error (exit 70) whose stack is shown only with --debug.
 */
export function action<A extends unknown[]>(run: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = await run(...args);
    } catch (error) {
      if (isInputError(error)) {
        process.stderr.write(`mlpc: ${error.message}\n`);
        process.exitCode = ExitCode.invalidInput;
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        `mlpc: internal error: ${message}\n` +
          `This is a bug in mlpc, not in your spec. Please report it at ${REPORT_URL} with the command you ran` +
          (debug ? '.\n' : ' and the output of the same command with --debug.\n'),
      );
      if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = ExitCode.internalError;
    }
  };
}
