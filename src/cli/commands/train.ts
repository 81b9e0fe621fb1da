import type { Command } from 'commander';
import { action } from '../action.js';
import { colorFlag, noColorFlag } from '../color.js';
import type { TrainCommandOptions } from '../handlers/train.js';

export function register(program: Command): void {
  program
    .command('train')
    .description('build a spec into a temporary script and run it (metrics.jsonl, model.json + weights.bin in --out)')
    .argument('<file>', 'the spec to train')
    .option('--steps <n>', 'training steps (default: the spec\'s)')
    .option('--seed <n>', 'seed of initialization, dropout masks and batch order; the data split always uses the spec\'s training.seed (default: the spec\'s)')
    .option('--backend <name>', 'node (tfjs-node), wasm or cpu (default: node when installed, else wasm)')
    .option('--out <dir>', 'output folder (default: runs/<name>, runs/<name>-pytorch with --target pytorch)')
    .option('--eval-every <n>', 'steps between logged records (default: the spec\'s)')
    .option('--workers <n>', 'training threads; 2 splits the units of every dense layer across two cores (default: 1)')
    .option('--target <name>', "typescript (TensorFlow.js) or pytorch (a Python that imports torch); default: the first of mlpc.config.yaml's targets, else typescript")
    .option('--init-from <dir>', 'start from the weights of a model.json + weights.bin folder (either target saves one)')
    .option('--checkpoint-every <n>', 'steps between checkpoints in <out>/checkpoint/ (0: none; default: at each logged record)')
    .option('--resume', 'continue from the checkpoint in --out, to the result of an uninterrupted run')
    .option('--threads <n>', 'pytorch: intra-op and BLAS threads (default: 1)')
    .option('--device <name>', 'pytorch: auto, cpu or cuda (default: auto, CUDA when available)')
    .option('--processes <n>', 'pytorch: processes under torchrun (torch.distributed DDP, same global batch; default: 1)')
    .option('--sample <n>', 'language models: print N tokens after training (with --init-from and no --steps: sample without training)')
    .option('--prompt <text>', 'language models: the text --sample continues (default: a newline)')
    .option('--temperature <t>', 'language models: divides the logits before sampling (default: 1)')
    .option('--top-k <k>', 'language models: sample among the K most likely tokens (default: all)')
    .option(...colorFlag)
    .option(...noColorFlag)
    .action(
      action(async (file: string, options: TrainCommandOptions) => {
        const { runTrain } = await import('../handlers/train.js');
        return runTrain(file, options);
      }),
    );
}
