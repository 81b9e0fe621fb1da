import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { InputError } from '../../compiler/errors.js';
import { action } from '../action.js';
import { colorFlag, noColorFlag } from '../color.js';

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface CompareFlags {
  seeds?: number;
  steps?: number;
  out?: string;
  backend?: 'node' | 'wasm' | 'cpu';
  tune: string[];
  vary: string[];
  presets?: string;
  from?: string;
  resume?: string;
  tuneSeeds?: number;
  jobs: number;
  evalEvery?: number;
  target?: string;
  color?: boolean;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description(
      'train specs (or --vary variants of one) side by side over seeds, tune each on validation data, and report ' +
        'test error with its spread: report.md, curves.svg, results.json',
    )
    .argument('[specs...]', 'spec files or directories')
    .option('--seeds <n>', 'seeds per condition and grid point (1..n; default 3)', integer)
    .option('--steps <n>', 'training steps, replacing each spec\'s steps/epochs', integer)
    .option('--out <dir>', 'output directory (default reports/compare-<timestamp>; with --from: next to results.json)')
    .option('--backend <backend>', 'TensorFlow.js backend: node, wasm or cpu')
    .option('--tune <field=v1,v2,...>', 'grid over a spec field (dotted path or learning_rate); repeatable', collect, [])
    .option(
      '--vary <axis=name,...>',
      'variants of one base spec: presets (regularization=none,l2,dropout+l2) or a spec field (data.train=500,2000); repeated axes cross',
      collect,
      [],
    )
    .option('--presets <file>', 'preset file for --vary (default: the shipped src/compare/presets.yaml)')
    .option('--from <results.json>', 'regenerate report.md and curves.svg from a results.json, without training')
    .option('--tune-seeds <n>', 'choose each condition\'s grid point on the first n seeds only; the other seeds run just that point', integer)
    .option(
      '--resume <dir>',
      'continue a study from its results.json (a directory or the file), skipping finished runs; --seeds and --tune-seeds may extend it',
    )
    .option('--jobs <n>', 'trainings run at once (one core each)', integer, 2)
    .option('--eval-every <n>', 'validation every n steps, overriding the specs', integer)
    .option('--target <name>', 'typescript (TensorFlow.js, the default) or pytorch (a Python that imports torch)')
    .option(...colorFlag)
    .option(...noColorFlag)
    .action(
      action(async (specs: string[], flags: CompareFlags) => {
        if (flags.backend !== undefined && !['node', 'wasm', 'cpu'].includes(flags.backend)) {
          throw new InputError(`--backend ${flags.backend}: expected node, wasm or cpu`);
        }
        const { runCompare } = await import('../handlers/compare.js');
        return runCompare({ specs, ...flags });
      }),
    );
}
