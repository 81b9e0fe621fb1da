import type { Command } from 'commander';
import { action } from '../action.js';
import { colorFlag, noColorFlag } from '../color.js';

export function register(program: Command): void {
  program
    .command('inspect')
    .description('print a model summary of a spec: layers, shapes, parameters, regularizers, constraints, dropout')
    .argument('<file>', 'the spec file (YAML)')
    .option('--json', 'print the compiled IR as JSON instead')
    .option(...colorFlag)
    .option(...noColorFlag)
    .addHelpText('after', '\nExit codes: 0 ok; 2 invalid spec or usage (diagnostics on stderr).\nExample: mlpc inspect specs/seed.yaml\n')
    .action(
      action(async (file: string, options: { json?: boolean; color?: boolean }) => {
        const { runInspect } = await import('../handlers/inspect.js');
        return runInspect(file, options);
      }),
    );
}
