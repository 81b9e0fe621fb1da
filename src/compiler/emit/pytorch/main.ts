/**
 * `loss_fn` and `main()`: the training loop with the step in sight (forward, loss, penalty,
 * zero_grad/backward/step, schedule, constraints); timing, the metrics record, evaluation and the
 * saved topology are the runtime's (mlpc.TrainingLog, mlpc.Evaluation, mlpc.save_model).
 */
import type { ModelPlan } from '../plan.js';
import { call, def, kw, statement, type PyExpr } from './python-expr.js';
import { pyClassName, pyString } from './python-source.js';
import { at } from './spec-lines.js';

function lossCalls(plan: ModelPlan): { loss: string; correct: string } {
  switch (plan.loss.kind) {
    case 'softmax_cross_entropy':
      return { loss: 'F.cross_entropy(outputs, targets)', correct: 'mlpc.argmax_correct' };
    case 'sigmoid_cross_entropy':
      return { loss: 'F.binary_cross_entropy_with_logits(outputs, targets)', correct: 'mlpc.positive_logit_correct' };
    case 'mean_squared_error':
      return { loss: 'F.mse_loss(outputs, targets)', correct: plan.loss.targetEncoding === 'column' ? 'mlpc.rounded_output_correct' : 'mlpc.argmax_correct' };
  }
}

export function lossFunction(plan: ModelPlan): string[] {
  return def('loss_fn(outputs, targets)', `${plan.loss.kind}, the mean over the batch.`, [`    return ${lossCalls(plan).loss}`]);
}

export interface MainParts {
  /** Whether make_optimizer returns a scheduler too. */
  schedule: boolean;
  /** The `mlpc.MaxNormActivity(…)` the constraints count with, if any. */
  maxNormActivity: PyExpr | null;
}

export function mainFunction(plan: ModelPlan, parts: MainParts): string[] {
  const loop = plan.loop;
  const flags = call(
    'mlpc.parse_flags',
    'sys.argv[1:]',
    kw('steps', String(loop.steps)),
    kw('seed', String(loop.seed)),
    // Not the TypeScript target's runs/<name>: a PyTorch run must not replace its metrics.
    kw('out', pyString(`${loop.out}-pytorch`)),
    kw('eval_every', String(loop.evalEvery)),
  );
  const evaluation = call('mlpc.Evaluation', 'model', 'loss_fn', lossCalls(plan).correct, kw('batch_size', String(loop.evaluationBatchSize)));
  const maxNorm = parts.maxNormActivity ? ['max_norm_activity'] : [];
  const log = call('mlpc.TrainingLog', pyString(plan.name), 'flags', 'run', 'BATCH_SIZE', 'evaluation', 'validation', ...maxNorm);
  const body = [
    ...statement('    ', 'flags = ', flags),
    '    run = mlpc.start(flags)',
    `    # The spec's seed: --seed does not change the split.`,
    `    train, validation, test = load_data(${plan.data.seed}, run.device)`,
    `    model = ${pyClassName(plan.name)}()`,
    '    init_parameters(model, flags.seed)',
    '    if flags.init_from is not None:',
    '        mlpc.load_tfjs_weights(flags.init_from, model, WEIGHTS)',
    '    model.to(run.device)',
    '    trained = run.wrap(model)  # DistributedDataParallel under torchrun',
    parts.schedule ? '    optimizer, scheduler = make_optimizer(model)' : '    optimizer = make_optimizer(model)',
    ...statement('    ', 'sampler = ', call('mlpc.BatchSampler', 'train.count', 'BATCH_SIZE', 'mlpc.derive_seed(flags.seed, 1)')),
    "    # Dropout masks: from the run's seed and the rank (each rank draws its own).",
    '    torch.manual_seed(mlpc.derive_seed(mlpc.derive_seed(flags.seed, 2), run.rank))',
    ...(parts.maxNormActivity ? statement('    ', 'max_norm_activity = ', parts.maxNormActivity) : []),
    ...statement('    ', 'evaluation = ', evaluation),
    ...statement('    ', 'log = ', log),
    '    model.train()',
    '    for step in range(flags.steps):',
    '        log.step_started()',
    "        # This rank's slice of the global batch; DDP averages the gradients over ranks.",
    '        batch = torch.from_numpy(run.local_slice(sampler.next())).to(run.device)',
    '        data_loss = loss_fn(trained(train.x[batch]), train.targets[batch])',
    '        reg_penalty = penalty(model)',
    '        loss = data_loss * run.loss_scale(len(batch), BATCH_SIZE) + reg_penalty',
    '        optimizer.zero_grad(set_to_none=True)',
    '        loss.backward()',
    '        optimizer.step()',
    ...(parts.schedule ? ['        scheduler.step()'] : []),
    ...(plan.constraints.length === 0 ? [] : [parts.maxNormActivity ? '        apply_constraints(model, max_norm_activity)' : '        apply_constraints(model)']),
    '        log.step_done(step, data_loss, reg_penalty, len(batch))',
    '    log.finish(test)',
    '    if run.leader:',
    '        mlpc.save_model(flags.out, model, WEIGHTS, KERAS_MODEL)',
    '    run.finish()',
  ];
  return def('main()', `Trains ${plan.name} as ${at(loop.line)} says: ${loop.steps} steps of batch ${loop.batchSize}.`, body);
}
