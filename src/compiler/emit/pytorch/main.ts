/**
 * `loss_fn` and `main()`: the training loop with the step in sight (forward, loss, penalty,
 * zero_grad/backward/step, schedule, constraints); timing, the metrics record, evaluation and the
 * saved topology are the runtime's (mlpc.TrainingLog, mlpc.Evaluation, mlpc.save_model).
 */
import type { ModelPlan, SpecLine } from '../plan.js';
import { call, def, kw, statement } from './python-expr.js';
import { pyClassName, pyNumber, pyString } from './python-source.js';
import { at } from './spec-lines.js';
import { lossNames } from './loss.js';
import { earlyStoppingExit, earlyStoppingSetup, restoreBestWeights } from './early-stopping.js';


export interface MainParts {
  /** Whether make_optimizer returns a scheduler too. */
  schedule: boolean;
  /** Whether that scheduler is a ReduceLROnPlateau: the log feeds it each record, no step() per update. */
  plateau: boolean;
  /** Whether the constraints count the units max-norm rescales (mlpc.MaxNormActivity). */
  maxNormActivity: boolean;
  /**
   * What saved models hold: a sequential model's Keras topology (KERAS_MODEL, weights named
   * `layer/param` by mlpc.tfjs_weights), or a graph's (TOPOLOGY, the WEIGHTS table by parameter id).
   */
  saved: 'keras' | 'graph';
  /** Global-norm gradient clipping before the update (a graph model's), or null. */
  clipGradNorm: number | null;
}

/** What main() reads of a plan: a sequential model's, or a graph trained on examples (no activity penalties). */
export type MainPlan = Pick<ModelPlan, 'name' | 'loop' | 'loss' | 'data' | 'constraints'> & Partial<Pick<ModelPlan, 'activityPenalties'>>;

/** `torch.nn.utils.clip_grad_norm_(...)` between backward and the update, or nothing. */
export function clipGradNormLines(indent: string, clipGradNorm: number | null, line: SpecLine): string[] {
  if (clipGradNorm === null) return [];
  return statement(indent, '', call('torch.nn.utils.clip_grad_norm_', 'model.parameters()', pyNumber(clipGradNorm)), at(line));
}

export function mainFunction(plan: MainPlan, parts: MainParts): string[] {
  const loop = plan.loop;
  const flags = call(
    'mlpc.parse_flags',
    kw('steps', String(loop.steps)),
    kw('seed', String(loop.seed)),
    // Not the TypeScript target's runs/<name>: a PyTorch run must not replace its metrics.
    kw('out', pyString(`${loop.out}-pytorch`)),
    kw('eval_every', String(loop.evalEvery)),
  );
  const { loss, training, correct, metric } = lossNames(plan);
  const activity = (plan.activityPenalties ?? []).length > 0;
  const weights = parts.saved === 'keras' ? 'weights' : 'WEIGHTS';
  const topology = parts.saved === 'keras' ? 'KERAS_MODEL' : 'TOPOLOGY';
  // The evaluation batch size positionally: the keyword would split the line.
  const evaluation = call('mlpc.Evaluation', 'model', loss, correct, String(loop.evaluationBatchSize), ...(metric === undefined ? [] : [kw('metric', pyString(metric))]));
  const early = loop.earlyStopping;
  const log = call(
    'mlpc.TrainingLog',
    'flags',
    'run',
    'BATCH_SIZE',
    'evaluation',
    'validation',
    ...(early === undefined ? [] : ['early_stopping']),
    ...(parts.plateau ? [kw('plateau', 'scheduler')] : []),
  );
  const checkpoint = call('mlpc.Checkpoint', 'flags', 'run', 'model', 'optimizer', 'sampler', 'log', ...(parts.schedule ? [kw('scheduler', 'scheduler')] : []));
  const body = [
    ...statement('    ', 'flags = ', flags),
    '    run = mlpc.start(flags)',
    `    train, validation, test = load_data(${plan.data.seed}, run.device)  # the spec's seed, not --seed`,
    `    model = ${pyClassName(plan.name)}()`,
    ...(parts.saved === 'keras' ? ['    weights = mlpc.tfjs_weights(model, KERAS_MODEL)  # as both targets save them'] : []),
    '    init_parameters(model, flags.seed)',
    '    if flags.init_from is not None:',
    `        mlpc.load_tfjs_weights(flags.init_from, model, ${weights})`,
    '    model.to(run.device)',
    '    trained = run.wrap(model)  # DistributedDataParallel under torchrun',
    parts.schedule ? '    optimizer, scheduler = make_optimizer(model)' : '    optimizer = make_optimizer(model)',
    '    sampler = mlpc.batch_sampler(train.count, BATCH_SIZE, flags.seed)',
    '    mlpc.seed_dropout(flags.seed, run)  # each rank its own masks',
    ...statement('    ', 'evaluation = ', evaluation),
    ...earlyStoppingSetup(early),
    ...statement('    ', 'log = ', log),
    '    # --resume, --checkpoint-every N: the whole training state in <out>/checkpoint/',
    ...statement('    ', 'checkpoint = ', checkpoint),
    '    model.train()',
    '    for step in range(checkpoint.restore(), flags.steps):',
    '        log.step_started()',
    "        # This rank's slice of the global batch; DDP averages the gradients over ranks.",
    '        batch = torch.from_numpy(run.local_slice(sampler.next())).to(run.device)',
    ...statement('        ', 'data_loss = ', call(training, 'trained(train.x[batch])', 'train.targets[batch]')),
    ...(activity ? ['        activity = activity_penalty(model, len(batch))  # per example, like data_loss'] : []),
    '        reg_penalty = penalty(model)',
    ...(activity
      ? ['        scale = run.loss_scale(len(batch), BATCH_SIZE)', '        loss = (data_loss + activity) * scale + reg_penalty']
      : ['        loss = data_loss * run.loss_scale(len(batch), BATCH_SIZE) + reg_penalty']),
    '        optimizer.zero_grad(set_to_none=True)',
    '        loss.backward()',
    ...clipGradNormLines('        ', parts.clipGradNorm, loop.line),
    '        optimizer.step()',
    ...(parts.schedule && !parts.plateau ? ['        scheduler.step()'] : []),
    ...(plan.constraints.length === 0 ? [] : [parts.maxNormActivity ? '        apply_constraints(model, log.rescaled)' : '        apply_constraints(model)']),
    activity ? '        log.step_done(step, data_loss, reg_penalty, len(batch), activity)' : '        log.step_done(step, data_loss, reg_penalty, len(batch))',
    '        checkpoint.step_done(step)',
    ...earlyStoppingExit(early),
    ...restoreBestWeights(early),
    '    log.finish(test)',
    '    if run.leader:',
    `        mlpc.save_model(flags.out, model, ${weights}, ${topology})`,
    '    run.finish()',
  ];
  return def('main()', `Trains ${plan.name} as ${at(loop.line)} says: ${loop.steps} steps of batch ${loop.batchSize}.`, body);
}
