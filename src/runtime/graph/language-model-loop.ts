/**
 * The training loop of a language model's script (spec v2 graph models), the twin of the PyTorch
 * runtime's language_model.py: flags, backend, token windows from the seeded generator, the initial
 * or --init-from weights, the model file's training step, metrics.jsonl at nanoGPT's evaluation
 * points, checkpoints and --resume (../checkpoint.ts, as the layer models' loop), the saved model (every tensor once, by parameter id) and --sample. The model file supplies
 * what is model-specific (a LanguageModelDefinition) and calls runLanguageModelScript.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend.js';
import { TrainingCheckpoint } from '../checkpoint.js';
import { checkpointPath } from '../checkpoint-file.js';
import { DataError } from '../data/example-set.js';
import { deriveSeed } from '../data/seeded-random.js';
import { type TextData, type TokenData, type TokenIds, type WindowBatch, WindowSampler, evalWindows } from '../data/text.js';
import { exitOnScriptError } from '../script-errors.js';
import { assignGraphWeights, graphTopology, saveGraphModel } from './graph-save.js';
import { type LanguageModelFlags, parseLanguageModelFlags } from './language-model-flags.js';
import { SequenceLog } from './sequence-log.js';
import type { GroupedAdamW } from './optimizer.js';
import type { GraphParams } from './params.js';
import { type TokenCodec, idCodec, printSample } from './sampling.js';
import { ForwardRun } from './sequence-layers.js';

/** A batch of windows on the backend: int32 [batch, length], y is x shifted by one token. */
export interface TokenBatch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

/** The optimizer's state a checkpoint keeps: its slots (moments) and the count of updates applied. */
export type CheckpointedOptimizer = Pick<GroupedAdamW, 'checkpointSlots' | 'resumeAt'>;

export interface LanguageModelDefinition<O extends CheckpointedOptimizer> {
  name: string;
  /** The spec the script was generated from (named in the saved model.json). */
  spec: string;
  /** The spec's steps, seed, eval_every and runs/<name>; the run's flags override them. */
  defaults: { steps: number; seed: number; evalEvery: number; out: string };
  batchSize: number;
  blockSize: number;
  vocabulary: number;
  /** val_loss and train_loss: the mean over this many fixed batches of windows. */
  evalBatches: number;
  /** Seed of the evaluation windows: the spec's training.seed, never --seed. */
  evalSeed: number;
  loadData(): TextData | TokenData;
  initParams(seed: number): GraphParams;
  createOptimizer(params: GraphParams): O;
  /** One update: learning rate, loss, gradients, clipping, optimizer step; returns the loss before it. */
  trainingStep(params: GraphParams, batch: TokenBatch, step: number, optimizer: O, run: ForwardRun): { loss: tf.Scalar; learningRate: number; activity?: tf.Scalar };
  /** Token ids [batch, length] → logits [batch, length, vocabulary]. */
  forward(params: GraphParams, ids: tf.Tensor2D, run: ForwardRun): tf.Tensor;
  loss(logits: tf.Tensor, targets: tf.Tensor2D): tf.Scalar;
  penalty(params: GraphParams): tf.Scalar;
}

function uploaded(batch: WindowBatch, batchSize: number, blockSize: number): TokenBatch {
  return { x: tf.tensor2d(batch.x, [batchSize, blockSize], 'int32'), y: tf.tensor2d(batch.y, [batchSize, blockSize], 'int32') };
}

function codecOf(data: TextData | TokenData, vocabulary: number): TokenCodec {
  if (!Array.isArray(data.vocabulary)) return idCodec;
  const text = data as TextData;
  if (text.vocabulary.length !== vocabulary) {
    throw new DataError(`${text.file}: ${text.vocabulary.length} distinct characters, the model was built for ${vocabulary}: rebuild the script from its spec`, text.file);
  }
  return text;
}

/** The mean loss over fixed batches, without dropout (nanoGPT's estimate_loss). */
function windowLoss<O extends CheckpointedOptimizer>(model: LanguageModelDefinition<O>, params: GraphParams, batches: readonly TokenBatch[]): number {
  let total = 0;
  for (const batch of batches) total += tf.tidy(() => model.loss(model.forward(params, batch.x, ForwardRun.evaluation()), batch.y)).dataSync()[0];
  return total / batches.length;
}

async function trainLanguageModel<O extends CheckpointedOptimizer>(model: LanguageModelDefinition<O>, flags: LanguageModelFlags, scriptUrl: string): Promise<void> {
  const backend = await selectBackend(flags.backend);
  const data = model.loadData();
  const codec = codecOf(data, model.vocabulary);
  const params = model.initParams(flags.seed);
  // Held in the saved layout (kernels [in, units]): a folder of either target loads as it is.
  if (flags.initFrom !== undefined) assignGraphWeights(flags.initFrom, params);
  const logitsOf = (ids: tf.Tensor2D) => model.forward(params, ids, ForwardRun.evaluation());
  if (flags.sampleOnly) return printSample(logitsOf, codec, flags, model.blockSize);
  const fixed = (ids: TokenIds) => evalWindows(ids, model.blockSize, model.batchSize, model.evalBatches, model.evalSeed).map((batch) => uploaded(batch, model.batchSize, model.blockSize));
  const splits = { val: fixed(data.validation), train: fixed(data.train) };
  const optimizer = model.createOptimizer(params);
  const sampler = new WindowSampler(data.train, model.blockSize, model.batchSize, flags.seed);
  const dropoutSeed = deriveSeed(flags.seed, 2);
  const log = new SequenceLog(flags, (split) => windowLoss(model, params, splits[split]));
  // --resume, --checkpoint-every N: the whole training state in <out>/checkpoint/ (weights, moments,
  // the windows drawn, the records); the dropout masks and the schedule follow from the step.
  const checkpoint = new TrainingCheckpoint({ flags, scriptUrl, state: { params, slots: optimizer.checkpointSlots() }, sampler, log, loggedMetrics: {}, fullParams: params });
  const firstStep = checkpoint.restore();
  optimizer.resumeAt(firstStep);
  const quiet = process.env.MLPC_QUIET === '1';
  if (!quiet && firstStep > 0) process.stderr.write(`${model.name}: resuming at step ${firstStep} from ${checkpointPath(flags.out)}\n`);
  if (!quiet) process.stderr.write(`${model.name}: ${flags.steps} steps on ${backend}, writing ${flags.out}\n`);
  if (firstStep === 0) log.evaluate({ step: 0 });
  for (let step = firstStep; step < flags.steps; step++) {
    const started = performance.now();
    const done = step + 1;
    const logging = done % flags.evalEvery === 0 || done === flags.steps;
    const result = tf.tidy(() => {
      const batch = uploaded(sampler.next(), model.batchSize, model.blockSize);
      // The penalty of the weights this update starts from, only where it is logged.
      const penalty = logging ? model.penalty(params) : null;
      const { loss, learningRate, activity } = model.trainingStep(params, batch, step, optimizer, new ForwardRun(true, deriveSeed(dropoutSeed, step)));
      // AR/TAR (activity): part of the loss and of reg_penalty, as the PyTorch target logs them.
      const losses = penalty === null ? [loss] : [loss, activity === undefined ? penalty : (tf.add(penalty, activity) as tf.Scalar)];
      activity?.dispose(); // kept out of the gradient's tidy by trainingStep
      return { losses, learningRate };
    });
    log.stepTime(performance.now() - started);
    if (logging) {
      const [loss, penalty] = result.losses.map((value) => value.dataSync()[0]);
      log.evaluate({ step: done, data_loss: loss - penalty, reg_penalty: penalty, total_loss: loss, learning_rate: result.learningRate, step_ms: log.medianStepMs() });
    }
    tf.dispose(result.losses);
    log.stepDone(done);
    checkpoint.stepDone(step);
  }
  log.finish();
  saveGraphModel(flags.out, graphTopology(model.name, [model.blockSize], model.spec), params);
  if (flags.sample > 0) printSample(logitsOf, codec, flags, model.blockSize);
}

/** A language model's script entry point: parse the flags, train (or sample). Errors end the process (../script-errors.ts). */
export function runLanguageModelScript<O extends CheckpointedOptimizer>(model: LanguageModelDefinition<O>, scriptUrl: string): void {
  Promise.resolve()
    .then(() => {
      const flags = parseLanguageModelFlags(process.argv.slice(2), { ...model.defaults, backend: undefined, workers: 1, debug: false });
      return trainLanguageModel(model, flags, scriptUrl);
    })
    .catch((error) => exitOnScriptError(error, model.name));
}
