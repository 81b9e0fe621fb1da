import type { Command } from 'commander';
import { action } from '../action.js';
import { colorFlag, noColorFlag } from '../color.js';

export function register(program: Command): void {
  program
    .command('build')
    .description('validate and lint specs, and emit their training scripts (TensorFlow.js, PyTorch)')
    .argument('[paths...]', 'spec files or folders (searched for *.yaml, *.yml)', ['specs'])
    .option('--out <dir>', 'output folder of the generated scripts', 'generated')
    .option('--check', 'write nothing; exit 1 listing hand-edited, stale, missing and orphaned files (from the stamps in their headers)')
    .option('--no-lint', 'emit even when lint finds errors')
    .option(
      '--target <name>',
      'typescript (TensorFlow.js) or pytorch; repeat or comma-separate for both (default: `targets:` in mlpc.config.yaml, else typescript)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--single-file', 'inline the runtime into each model file instead of writing mlpc-runtime.ts beside them')
    .option(...colorFlag)
    .option(...noColorFlag)
    .action(
      action(async (paths: string[], options: { out: string; check?: boolean; lint: boolean; color?: boolean; singleFile?: boolean; target?: string[] }) => {
        const { runBuild } = await import('../handlers/build.js');
        return runBuild({
          paths,
          out: options.out,
          check: Boolean(options.check),
          lint: options.lint,
          color: options.color,
          singleFile: Boolean(options.singleFile),
          targets: options.target,
        });
      }),
    );
}
