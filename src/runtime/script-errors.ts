/**
 * How a generated script ends on an error: a bad flag or bad data is the user's to fix, so it gets
 * its message alone and exit code 2; anything else is a bug worth a stack trace.
 */

export function exitOnScriptError(error: unknown): never {
  if (error instanceof Error && (error.name === 'DataError' || error.name === 'FlagError')) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
}
