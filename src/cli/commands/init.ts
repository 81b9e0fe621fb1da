import type { Command } from 'commander';
import { action } from '../action.js';

export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented starter spec to specs/NAME.yaml (never overwrites)')
    .argument('<name>', 'spec name: a lowercase letter, then letters, digits or underscores')
    .option('--dir <dir>', 'folder to write the spec into', 'specs')
    .addHelpText('after', '\nExample: mlpc init my_mlp   # writes specs/my_mlp.yaml\n')
    .action(
      action(async (name: string, options: { dir: string }) => {
        const { runInit } = await import('../handlers/init.js');
        return runInit(name, options);
      }),
    );
}
