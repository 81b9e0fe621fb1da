import type { Command } from 'commander';
import { action } from '../action.js';
import { ExitCode } from '../exit-codes.js';

export function register(program: Command): void {
  program
    .command('compare')
    .description('(not implemented yet)')
    .action(
      action(async () => {
        process.stderr.write('mlpc compare: not implemented yet\n');
        return ExitCode.internalError;
      }),
    );
}
