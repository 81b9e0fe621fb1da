import { Command, CommanderError } from 'commander';
import { mlpcPackageVersion } from '../compiler/build/package-root.js';
import { ExitCode } from './exit-codes.js';
import { setDebug } from './action.js';
import * as build from './commands/build.js';
import * as compare from './commands/compare.js';
import * as explain from './commands/explain.js';
import * as init from './commands/init.js';
import * as inspect from './commands/inspect.js';
import * as lint from './commands/lint.js';
import * as lsp from './commands/lsp.js';
import * as schema from './commands/schema.js';
import * as train from './commands/train.js';

/**
 * Command modules only declare their options here and import their implementation lazily inside
 * the action, so that `mlpc lint` never loads ts-morph or TensorFlow.js.
 */
const commands = [build, lint, inspect, train, compare, explain, schema, init, lsp];

export function createProgram(): Command {
  const program = new Command('mlpc')
    .description('Declarative model-spec compiler: check and lint YAML model specs, emit TensorFlow.js and PyTorch training scripts')
    .version(mlpcPackageVersion())
    .option('--debug', 'show stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.hook('preAction', (thisCommand) => setDebug(Boolean(thisCommand.opts().debug)));
  for (const command of commands) command.register(program);
  return program;
}

/**
 * A reader that stops early (`mlpc explain | head`) closes the pipe; Node reports the next write as an
 * 'error' event on stdout, which unhandled ends the process with a stack trace. Output nobody reads is
 * not a failure: further writes are dropped and the command ends with its usual exit code.
 */
function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export async function main(argv: string[]): Promise<void> {
  ignoreClosedStdout();
  const program = createProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; unknown options and missing arguments are usage errors.
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
      return;
    }
    throw error;
  }
}
