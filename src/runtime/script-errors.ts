/**
 * How a generated script ends on an error, as mlpc's own CLI does: a bad flag or bad data is the
 * user's to fix, so it gets its message alone and exit code 2; anything else is a bug in mlpc, with
 * a message saying how to report it, exit code 70 (EX_SOFTWARE), and the stack only with --debug.
 */

const invalidInputExitCode = 2;
const internalErrorExitCode = 70;

export function exitOnScriptError(error: unknown, scriptName = 'mlpc'): never {
  if (error instanceof Error && (error.name === 'DataError' || error.name === 'FlagError')) {
    process.stderr.write(`${error.message}\n`);
    process.exit(invalidInputExitCode);
  }
  const debug = process.argv.includes('--debug');
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${scriptName}: internal error: ${message}\n` +
      `This is a bug in mlpc, not in your spec. Please report it to the maintainers of mlpc with the spec, the command you ran` +
      (debug ? '.\n' : ' and the output of the same command with --debug.\n'),
  );
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(internalErrorExitCode);
}
