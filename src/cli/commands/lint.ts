import type { Command } from 'commander';
import { action } from '../action.js';
import { colorFlag, noColorFlag } from '../color.js';

export function register(program: Command): void {
  program
    .command('lint')
    .description('check specs for regularization and dropout mistakes (rules: mlpc explain)')
    .argument('[paths...]', 'spec files or directories searched for *.yaml', ['specs'])
    .option('-f, --format <format>', 'output format: stylish, json, sarif, github', 'stylish')
    .option('--fix', 'apply safe fixes in place')
    .option('--fix-dry-run', 'lint as if fixed, without writing')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--quiet', 'report errors only')
    .option(...colorFlag)
    .option(...noColorFlag)
    .action(
      action(async (paths: string[], options: { format?: string; fix?: boolean; fixDryRun?: boolean; maxWarnings?: string; color?: boolean; quiet?: boolean }) => {
        // Lazy: `mlpc lint` must not load the emitter (ts-morph) or TensorFlow.js.
        const { runLint } = await import('../handlers/lint.js');
        return runLint(paths, options);
      }),
    );
}
