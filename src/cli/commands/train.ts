import type { Command } from 'commander';
import { action } from '../action.js';
import { colorFlag, noColorFlag } from '../color.js';

export function register(program: Command): void {
  program
    .command('train')
    .description('build a spec into a temporary script and run it (metrics.jsonl, model.json + weights.bin in --out)')
    .argument('<file>', 'the spec to train')
    .option('--steps <n>', 'training steps (default: the spec\'s)')
    .option('--seed <n>', 'seed of initialization, dropout masks and batch order; the data split always uses the spec\'s training.seed (default: the spec\'s)')
    .option('--backend <name>', 'node (tfjs-node), wasm or cpu (default: node when installed, else wasm)')
    .option('--out <dir>', 'output folder (default: runs/<name>)')
    .option('--eval-every <n>', 'steps between logged records (default: the spec\'s)')
    .option('--workers <n>', 'training threads; 2 splits the units of every dense layer across two cores (default: 1)')
    .option(...colorFlag)
    .option(...noColorFlag)
    .action(
      action(async (file: string, options: { steps?: string; seed?: string; backend?: string; out?: string; evalEvery?: string; workers?: string; color?: boolean }) => {
        const { runTrain } = await import('../handlers/train.js');
        return runTrain(file, options);
      }),
    );
}
