import { isInputError } from '../compiler/errors.js';
import { ExitCode } from './exit-codes.js';
import { ruleLinks } from '../compiler/lint/rule-links.js';

let debug = false;
export function setDebug(on: boolean): void {
  debug = on;
}

/** Whether --debug was given (mlpc train hands it on to the generated script). */
export function debugEnabled(): boolean {
  return debug;
}

/** Where to report: the issue tracker of the repository package.json names; no address is made up. */
function reportPlace(): string {
  try {
    const home = ruleLinks().repository?.home;
    if (home) return `at ${home}/issues`;
  } catch {
    // An unreadable package.json must not hide the error being reported.
  }
  return 'to the maintainers of mlpc';
}

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
          `This is a bug in mlpc, not in your spec. Please report it ${reportPlace()} with the command you ran` +
          (debug ? '.\n' : ' and the output of the same command with --debug.\n'),
      );
      if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = ExitCode.internalError;
    }
  };
}
