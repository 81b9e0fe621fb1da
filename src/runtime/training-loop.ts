/**
 * The training loop of every generated model file trained on examples, for one thread and for
 * `--workers N` alike: flags, backend, data on the backend, minibatch steps with logging at eval_every
 * steps (the only host synchronizations; what is recorded is TrainingLog's) and the saved model. A model
 * file supplies only what is model-specific (a ModelDefinition) and calls runModelScript: a sequential
 * model its layers (saved as a Keras Sequential), a graph model (spec v2) its spec (saved as a graph,
 * graph/graph-save.ts; one thread only). Language models have their own loop (graph/language-model-loop.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend.js';
import { BatchSampler } from './batches.js';
import { TrainingCheckpoint, type UnitShare } from './checkpoint.js';
import { checkpointPath } from './checkpoint-file.js';
import type { DataSplits } from './data/example-set.js';
import { deriveSeed } from './data/seeded-random.js';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
import type { EvaluationModel } from './evaluate.js';
import { disposeExamples, gatherBatch, type TargetEncoding, uploadExamples } from './example-tensors.js';
import type { LossAndGradient } from './layers/losses.js';
import type { LoggedMetric } from './metrics-log.js';
import type { ReduceLROnPlateau } from './reduce-on-plateau.js';
import { FlagError, type RunFlags, parseRunFlags } from './run-flags.js';
import { assignLayersWeights, saveLayersModel } from './save-model.js';
import { kerasWeights } from './saved-weights.js';
import { exitOnScriptError } from './script-errors.js';
import { TrainingLog } from './training-log.js';
import { type LayerConfig, kerasTopology } from './shared/layer-config.js';
import { assignGraphWeights, graphTopology, saveGraphModel } from './graph/graph-save.js';
import type { GraphParams } from './graph/params.js';
import { WorkerTeam, isTeamWorkerThread, paramsByName, runAsTeamWorker, startWorkerTeam } from './workers/team.js';
import { type UnitSplitLayer, ownUnits, unitSplitLayers, unitSplitTrainingStep } from './workers/unit-split.js';

/** Data loss of one minibatch (before the update) and its gradients. */
export interface StepResult<G> {
  dataLoss: tf.Scalar;
  grads: G;
  /** The penalties on layer outputs of this minibatch (activity regularizers), part of reg_penalty. */
  activityPenalty?: tf.Scalar;
}

/**
 * Everything model-specific a training run needs; the generated model file writes it from its spec.
 * Functions that allocate tensors are called inside tf.tidy by the loop. Methods (not function-typed
 * properties) so a model may declare narrower tensor types (tf.Tensor2D inputs).
 */
interface ModelDefinitionBase<P extends object, G extends object, S> {
  name: string;
  /** The spec's steps, seed, eval_every and runs/<name>; the run's flags override them. */
  defaults: { steps: number; seed: number; evalEvery: number; out: string };
  batchSize: number;
  /** Seed of the train/validation/test split: the spec's training.seed, never the run's --seed. */
  dataSeed: number;
  /** Shape of one example (no batch dimension). */
  inputShape: number[];
  /** Units of the model's output (classes for one-hot targets). */
  outputUnits: number;
  targetEncoding: TargetEncoding;
  loadData(seed: number): DataSplits;
  initParams(seed: number): P;
  /** Optimizer state per parameter; absent when the optimizer keeps none (plain SGD). */
  createSlots?(params: P): S;
  /** Forward pass with dropout, data loss and explicit backward pass of one minibatch. */
  trainingStep(params: P, x: tf.Tensor, targets: tf.Tensor2D, stepSeed: number): StepResult<G>;
  /** The penalty terms' sum (its value is needed only at logging points). */
  penalty(params: P): tf.Scalar;
  /** The optimizer step with the penalty gradients; `iteration` counts the updates already applied. */
  applyUpdates(params: P, grads: G, iteration: number, slots: S): void;
  /** Weight constraints after every update. */
  applyConstraints?(params: P): void;
  /** Inference forward pass (no dropout, batch norm's moving statistics). */
  predict(params: P, x: tf.Tensor): tf.Tensor2D;
  /** The data loss and its gradient with respect to the outputs. */
  loss(outputs: tf.Tensor2D, targets: tf.Tensor2D): LossAndGradient<tf.Tensor2D>;
  /** Correctly classified examples of a batch, or the batch's sum of the model's metric. */
  correct(outputs: tf.Tensor2D, labels: tf.Tensor1D, targets: tf.Tensor2D): tf.Scalar;
  /** The evaluation metric's name in metrics.jsonl when it is not accuracy (value-metrics.ts). */
  metric?: 'binary_accuracy' | 'mae';
  /** More fields of each logging point's record (constraint activity): field → what counts it. */
  loggedMetrics?: Record<string, LoggedMetric>;
  /** training.early_stopping: stop when the validation value stops improving. */
  earlyStopping?: EarlyStoppingOptions;
  /**
   * A reduce_on_plateau learning rate: the model file's applyUpdates reads its `rate`; the loop feeds
   * it every record (worker 0's decision shared with the team) and the checkpoint keeps its state.
   */
  plateau?: ReduceLROnPlateau;
}

/** A sequential model: its layers are the saved Keras topology, its weights' layouts and the --workers split. */
interface LayersModel {
  /** The layers, in order: the saved model.json's Keras topology, the weights' layouts, the --workers split. */
  layers: LayerConfig[];
  /** `--workers N`: true when the layers' units can be split across threads, else why not. */
  workers: true | { reason: string };
}

/**
 * A graph model (spec v2) trained on examples: its parameters are tf.Variables by id (GraphParams),
 * saved as a graph (graph/graph-save.ts, as a language model's); it trains on one thread.
 */
interface GraphModel {
  graph: {
    /** The spec the script was generated from (named in the saved model.json). */
    spec: string;
  };
}

export type ModelDefinition<P extends object, G extends object, S = undefined> = ModelDefinitionBase<P, G, S> & (LayersModel | GraphModel);

/** How a model's weights are read by --init-from and saved: a Keras Sequential's, or a graph's by parameter id. */
interface SavedForm<P> {
  initFrom(dir: string, params: P): void;
  save(out: string, params: P): void;
}

function layersForm<P extends object>(name: string, inputShape: number[], layers: readonly LayerConfig[]): SavedForm<P> {
  return {
    initFrom: (dir, params) => {
      // The saved (Keras) shape of each weight: kerasWeights' transposed copies are freed at once.
      const kerasShapes = new Map<string, number[]>();
      tf.tidy(() => {
        for (const { name: weight, tensor } of kerasWeights(params, layers)) kerasShapes.set(weight, [...tensor.shape]);
      });
      assignLayersWeights(dir, paramsByName(params), kerasShapes);
    },
    save: (out, params) => tf.tidy(() => saveLayersModel(out, kerasTopology(name, inputShape, layers), kerasWeights(params, layers))),
  };
}

function graphForm<P extends object>(name: string, inputShape: number[], spec: string): SavedForm<P> {
  return {
    initFrom: (dir, params) => assignGraphWeights(dir, params as GraphParams),
    save: (out, params) => saveGraphModel(out, graphTopology(name, inputShape, spec), params as GraphParams),
  };
}

/**
 * How the steps of a run are computed: on this thread alone, or on this thread's share of the units
 * of a team (`--workers N`). `fullParams` are the weights evaluated and saved.
 */
interface StepRunner<P, G> {
  params: P;
  fullParams: P;
  /** Worker 0 (or the only thread) logs, evaluates and saves. */
  leader: boolean;
  description: string;
  step(x: tf.Tensor, targets: tf.Tensor2D, stepSeed: number): StepResult<G>;
  penalty(params: P): tf.Scalar;
  /** At a logging point, before evaluation: every worker's updated units into worker 0's full copy. */
  gather(): void;
  /** On a team: this thread's share of the units, for checkpoints. */
  share?: UnitShare;
  /** Worker 0's decision (it alone evaluates) to every thread: true on all when true on worker 0. */
  agree(leaderSays: boolean): boolean;
}

function singleThread<P extends object, G extends object, S>(model: ModelDefinition<P, G, S>, params: P): StepRunner<P, G> {
  return {
    params,
    fullParams: params,
    leader: true,
    description: '',
    step: (x, targets, stepSeed) => model.trainingStep(params, x, targets, stepSeed),
    penalty: (own) => model.penalty(own),
    gather: () => {},
    agree: (leaderSays) => leaderSays,
  };
}

function onTeam<P extends object, G extends object, S>(
  model: ModelDefinition<P, G, S>,
  layers: readonly UnitSplitLayer[],
  flags: RunFlags,
  fullParams: P,
  joined: WorkerTeam | null,
  scriptUrl: string,
): StepRunner<P, G> {
  // Every worker draws the full initial weights (the same seed) and keeps its own units; worker 0
  // keeps the full copy too, for evaluation and saving.
  const team = joined ?? startWorkerTeam(flags, fullParams, model.batchSize, scriptUrl);
  const leader = team.rank === 0;
  const params = ownUnits(fullParams, team);
  if (!leader) tf.dispose([...paramsByName(fullParams).values()]);
  return {
    params,
    fullParams,
    leader,
    description: ` x ${flags.workers} workers`,
    step: (x, targets, stepSeed) =>
      unitSplitTrainingStep<P, G>(layers, params, x, targets, stepSeed, team, (outputs, labels) => model.loss(outputs, labels)),
    // Each worker's penalty covers its own units: the sum is the model's.
    penalty: (own) => team.sumScalar(model.penalty(own)),
    gather: () => team.gatherParams(params, leader ? fullParams : null),
    share: { rank: team.rank, workers: team.workers, gather: (name, own) => team.gatherRows(name, own) },
    agree: (leaderSays) => tf.tidy(() => team.sumScalar(tf.scalar(leader && leaderSays ? 1 : 0)).dataSync()[0] > 0),
  };
}

async function train<P extends object, G extends object, S>(
  model: ModelDefinition<P, G, S>,
  flags: RunFlags,
  joined: WorkerTeam | null,
  scriptUrl: string,
): Promise<void> {
  let splitLayers: UnitSplitLayer[] | null = null;
  if (flags.workers > 1 && 'graph' in model) {
    throw new FlagError(`--workers ${flags.workers}: ${model.name} is a graph model (spec v2), which trains on one thread: run it without --workers`);
  }
  const form: SavedForm<P> = 'graph' in model ? graphForm(model.name, model.inputShape, model.graph.spec) : layersForm(model.name, model.inputShape, model.layers);
  if (flags.workers > 1 && !('graph' in model)) {
    if (model.workers !== true) {
      throw new FlagError(`--workers ${flags.workers}: ${model.name} cannot be split across workers: ${model.workers.reason}`);
    }
    splitLayers = unitSplitLayers(model.layers);
  }
  const backend = await selectBackend(flags.backend);
  const splits = model.loadData(model.dataSeed);
  const upload = (set: DataSplits['train']) => uploadExamples(set, model.inputShape, model.outputUnits, model.targetEncoding);
  const train = upload(splits.train);
  const validation = upload(splits.validation);
  const test = upload(splits.test);
  const initial = model.initParams(flags.seed);
  if (flags.initFrom !== undefined) form.initFrom(flags.initFrom, initial);
  const runner = splitLayers === null ? singleThread(model, initial) : onTeam(model, splitLayers, flags, initial, joined, scriptUrl);
  const { params, fullParams, leader } = runner;
  const slots = model.createSlots?.(params) as S;
  const sampler = new BatchSampler(train.count, model.batchSize, deriveSeed(flags.seed, 1));
  const dropoutSeed = deriveSeed(flags.seed, 2);
  const evaluationModel: EvaluationModel = {
    predict: (x) => model.predict(fullParams, x),
    loss: (outputs, targets) => model.loss(outputs, targets).loss,
    correct: (outputs, labels, targets) => model.correct(outputs, labels, targets),
  };
  const earlyStopping = model.earlyStopping === undefined ? undefined : new EarlyStopping(model.earlyStopping);
  const log = new TrainingLog({
    out: leader ? flags.out : null,
    steps: flags.steps,
    workers: flags.workers,
    validation,
    test,
    evaluation: evaluationModel,
    metric: model.metric ?? 'accuracy',
    loggedMetrics: model.loggedMetrics ?? {},
    earlyStopping,
    plateau: model.plateau,
  });
  const checkpoint = new TrainingCheckpoint({
    flags,
    scriptUrl,
    state: { params, slots },
    share: runner.share,
    sampler,
    log,
    loggedMetrics: model.loggedMetrics ?? {},
    earlyStopping,
    plateau: model.plateau,
    fullParams,
  });
  const firstStep = checkpoint.restore();
  if (leader && firstStep > 0) process.stderr.write(`${model.name}: resuming at step ${firstStep} from ${checkpointPath(flags.out)}\n`);
  if (leader) process.stderr.write(`${model.name}: ${flags.steps} steps on ${backend}${runner.description}, writing ${flags.out}\n`);
  for (let step = firstStep; step < flags.steps; step++) {
    const started = performance.now();
    const logging = step % flags.evalEvery === 0 || step === flags.steps - 1;
    const losses = tf.tidy(() => {
      const batch = gatherBatch(train, sampler.next());
      const result = runner.step(batch.x, batch.targets, deriveSeed(dropoutSeed, step));
      // The loss, dataLoss + penalty, with the weights before this update; only where it is logged:
      // the update needs the penalty gradients only.
      const parameterPenalty = logging ? runner.penalty(params) : null;
      const penaltyValue = parameterPenalty !== null && result.activityPenalty !== undefined ? tf.add(parameterPenalty, result.activityPenalty) : parameterPenalty;
      model.applyUpdates(params, result.grads, step, slots);
      model.applyConstraints?.(params);
      return penaltyValue === null ? [] : [result.dataLoss, penaltyValue, tf.add(result.dataLoss, penaltyValue)];
    });
    log.stepTime(performance.now() - started);
    if (logging) {
      // A logging point: the only place the loop waits for the backend.
      const values = losses.map((loss) => loss.dataSync()[0]);
      runner.gather();
      log.logPoint(step, values);
    }
    tf.dispose(losses);
    log.stepDone(step + 1);
    // Worker 0 alone evaluates: a reduction it made is made by every thread, before the next update.
    if (logging && model.plateau !== undefined && runner.agree(model.plateau.reducedAt === step) && !log.writes) model.plateau.reduce();
    checkpoint.stepDone(step);
    if (logging && earlyStopping !== undefined && runner.agree(log.stopped)) break;
  }
  if (earlyStopping?.options.restoreBest) checkpoint.restoreBest();
  log.finish();
  if (log.writes) form.save(flags.out, fullParams);
  for (const examples of [train, validation, test]) disposeExamples(examples);
}

/**
 * A model file's entry point. On the main thread: parse the flags and train (starting worker threads
 * for `--workers N`); on a worker thread the team started: train its share. `scriptUrl` is the model
 * file's import.meta.url, which worker threads run again. Errors end the process (script-errors.ts).
 */
export function runModelScript<P extends object, G extends object, S = undefined>(model: ModelDefinition<P, G, S>, scriptUrl: string): void {
  if (isTeamWorkerThread()) {
    runAsTeamWorker((team) => train(model, team.flags, team, scriptUrl)).catch((error) => exitOnScriptError(error, model.name));
    return;
  }
  Promise.resolve()
    .then(() => {
      const flags = parseRunFlags(process.argv.slice(2), { ...model.defaults, backend: undefined, workers: 1, debug: false });
      return train(model, flags, null, scriptUrl);
    })
    .catch((error) => exitOnScriptError(error, model.name));
}
