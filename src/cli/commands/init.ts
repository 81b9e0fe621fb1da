import type { Command } from 'commander';
import { action } from '../action.js';
import { ExitCode } from '../exit-codes.js';

export function register(program: Command): void {
  program
    .command('init')
    .description('(not implemented yet)')
    .action(
      action(async () => {
        process.stderr.write('mlpc init: not implemented yet\n');
        return ExitCode.internalError;
      }),
    );
}
