import type { Command } from 'commander';
import { action } from '../action.js';
import { colorFlag, noColorFlag } from '../color.js';

export function register(program: Command): void {
  program
    .command('build')
    .description('validate and lint specs, and emit their TensorFlow.js training scripts')
    .argument('[paths...]', 'spec files or folders (searched for *.yaml, *.yml)', ['specs'])
    .option('--out <dir>', 'output folder of the generated scripts', 'generated')
    .option('--check', 'write nothing; exit 1 listing hand-edited, stale, missing and orphaned files (from the stamps in their headers)')
    .option('--no-lint', 'emit even when lint finds errors')
    .option(...colorFlag)
    .option(...noColorFlag)
    .action(
      action(async (paths: string[], options: { out: string; check?: boolean; lint: boolean; color?: boolean }) => {
        const { runBuild } = await import('../handlers/build.js');
        return runBuild({ paths, out: options.out, check: Boolean(options.check), lint: options.lint, color: options.color });
      }),
    );
}
