/**
 * The update as the spec writes it: the named penalty terms of the loss (`penalty`), the optimizer and
 * its schedule (`make_optimizer`), and the constraints after each update (`apply_constraints`).
 */
import type { ModelPlan } from '../plan.js';
import { call, commentLines, def, kw, layout, statements, type CommentedStatement, type PyExpr, type PyItem } from './python-expr.js';
import { lineLength, pyAttribute, pyFloat, pyNumber, pyString } from './python-source.js';
import { momentumRampArgument, scheduleComment, scheduleFactor } from './schedule.js';
import { torchDims, type TorchParameter } from './parameters.js';
import { at } from './spec-lines.js';

type MaxNormMetric = Extract<ModelPlan['metrics'][number], { kind: 'max_norm_rescaled' }>;

/** The plan's max_norm_rescaled metric, if any: its parameters are counted by mlpc.MaxNormActivity. */
export function maxNormMetric(plan: Pick<ModelPlan, 'metrics'>): MaxNormMetric | undefined {
  return plan.metrics.find((metric): metric is MaxNormMetric => metric.kind === 'max_norm_rescaled');
}

type DropoutAwarePenalty = Extract<ModelPlan['penalties'][number], { kind: 'dropout_aware_l2' }>;

/** λ·Σ U⊙w² from the masks of the step's forward pass, kept by the mlpc.Dropout modules next to the layer. */
function dropoutAwareTerm(penalty: DropoutAwarePenalty, access: string): PyExpr {
  const masks = penalty.masks.map((mask) => kw(mask.side, `model.${pyAttribute(mask.layer)}`));
  return call('mlpc.dropout_aware_l2', pyNumber(penalty.coefficient), access, ...masks);
}

export function penaltyFunction(plan: Pick<ModelPlan, 'penalties'>, params: readonly TorchParameter[]): string[] {
  const byId = new Map(params.map((p) => [p.parameter.id, p]));
  const doc = 'The regularization terms of the loss (Keras convention: l2 adds λ·Σw², l1 adds λ·Σ|w|).';
  if (plan.penalties.length === 0) {
    return def('penalty(model)', doc, ['    # The spec penalizes no parameter.', '    return next(model.parameters()).new_zeros(())']);
  }
  const list: CommentedStatement[] = [];
  const notes = plan.penalties.some((penalty) => penalty.kind === 'dropout_aware_l2')
    ? [
        "    # Dropout-aware: λ·Σ U⊙w², U the fraction of the batch's examples whose masks (this step's, kept",
        '    # by mlpc.Dropout) used each weight; the value is its expectation λ·Π(1 − rate)·Σw², as logged',
        '    # by the TypeScript target, the gradient 2λ·U⊙w.',
      ]
    : [];
  for (const penalty of plan.penalties) {
    const access = byId.get(penalty.parameter)!.access;
    if (penalty.kind === 'dropout_aware_l2') {
      const where = penalty.awareLine.line === penalty.line.line ? '' : ` (${at(penalty.awareLine)})`;
      list.push({ prefix: `${penalty.id} = `, expr: dropoutAwareTerm(penalty, access), comment: `${at(penalty.line)}, dropout-aware${where}` });
      continue;
    }
    const reduction = penalty.kind === 'l2' ? 'pow(2).sum()' : 'abs().sum()';
    const term = `${pyNumber(penalty.coefficient)} * ${access}.${reduction}`;
    list.push({ prefix: `${penalty.id} = `, expr: term, comment: at(penalty.line) });
  }
  const body = [...notes, ...statements('    ', list)];
  const names = plan.penalties.map((penalty) => penalty.id);
  const sum = `    return ${names.join(' + ')}`;
  // black splits a long sum inside parentheses, one operand a line.
  if (sum.length <= lineLength) body.push(sum);
  else body.push('    return (', ...names.map((name, index) => `        ${index === 0 ? '' : '+ '}${name}`), '    )');
  return def('penalty(model)', doc, body);
}

/**
 * The optimizer's construction: assigned to `optimizer` under a schedule, else returned. AdamW's
 * groups are `decayGroups` when given (lines that assign `groups`: a graph model's, by parameter id).
 */
function optimizerLines(plan: Pick<ModelPlan, 'update'>, params: readonly TorchParameter[], lr: PyItem, schedule: boolean, decayGroups?: string[]): string[] {
  const optimizer = plan.update.optimizer;
  const assign = (head: string, ...args: PyItem[]) => layout('    ', schedule ? 'optimizer = ' : 'return ', call(head, ...args));
  const betas = (beta1: number, beta2: number) => kw('betas', `(${pyNumber(beta1)}, ${pyNumber(beta2)})`);
  switch (optimizer.type) {
    case 'sgd': {
      const args: PyItem[] = ['model.parameters()', lr];
      if (optimizer.momentum > 0) args.push(kw('momentum', pyNumber(optimizer.momentum)));
      if (optimizer.nesterov) args.push(kw('nesterov', 'True'));
      if (optimizer.momentumRamp) {
        return [
          `    # Srivastava et al. (2014): momentum ${pyNumber(optimizer.momentumRamp.initial)} rising linearly to ` +
            `${pyNumber(optimizer.momentumRamp.final)} over ${optimizer.momentumRamp.rampSteps} updates, then constant.`,
          ...assign('mlpc.KerasMomentumSGD', ...args, momentumRampArgument(optimizer.momentumRamp)),
        ];
      }
      if (optimizer.momentum > 0 && schedule) {
        return [
          '    # Keras keeps the learning rate inside the velocity: under a schedule the momentum',
          '    # buffer is rescaled when the rate changes (torch.optim.SGD otherwise).',
          ...assign('mlpc.KerasMomentumSGD', ...args),
        ];
      }
      return assign('torch.optim.SGD', ...args);
    }
    case 'adam':
      return [
        "    # torch.optim.Adam with Keras's ε: added to sqrt(v) before the bias correction.",
        ...assign('mlpc.KerasAdam', 'model.parameters()', lr, betas(optimizer.beta1, optimizer.beta2), kw('eps', pyNumber(optimizer.epsilon))),
      ];
    case 'adamw': {
      const adamW = [
        "    # torch.optim.AdamW with Keras's ε: added to sqrt(v) before the bias correction.",
        ...assign('mlpc.KerasAdamW', 'groups', lr, betas(optimizer.beta1, optimizer.beta2), kw('eps', pyNumber(optimizer.epsilon))),
      ];
      if (decayGroups !== undefined) return [...decayGroups, ...adamW];
      const decays = new Set(plan.update.parameters.filter((p) => p.weightDecay !== null).map((p) => p.parameter));
      const trainable = params.filter((p) => p.parameter.trainable);
      const group = (name: string, accesses: string[]) => {
        const one = `    ${name} = [${accesses.join(', ')}]`;
        if (one.length <= lineLength) return [one];
        return [`    ${name} = [`, ...accesses.map((access) => `        ${access},`), '    ]'];
      };
      const excludes = optimizer.exclude.map((glob) => pyString(glob)).join(', ') || 'none';
      return [
        `    # weight decay on every parameter but those matching exclude: ${excludes}`,
        ...group('decayed', trainable.filter((p) => decays.has(p.parameter.id)).map((p) => p.access)),
        ...group('excluded', trainable.filter((p) => !decays.has(p.parameter.id)).map((p) => p.access)),
        '    groups = [',
        `        {"params": decayed, "weight_decay": ${pyFloat(optimizer.weightDecay)}},`,
        '        {"params": excluded, "weight_decay": 0.0},',
        '    ]',
        ...adamW,
      ];
    }
    case 'rmsprop':
      return [
        "    # Keras divides by sqrt(s + ε), torch.optim.RMSprop by sqrt(s) + ε: the runtime has Keras's.",
        ...assign(
          'mlpc.KerasRMSprop',
          'model.parameters()',
          lr,
          kw('rho', pyNumber(optimizer.rho)),
          kw('momentum', pyNumber(optimizer.momentum)),
          kw('epsilon', pyNumber(optimizer.epsilon)),
        ),
      ];
    case 'adadelta':
      return [
        '    # Keras and torch.optim.Adadelta compute the same update; only their defaults differ.',
        ...assign('torch.optim.Adadelta', 'model.parameters()', lr, kw('rho', pyNumber(optimizer.rho)), kw('eps', pyNumber(optimizer.epsilon))),
      ];
  }
}

/** Whether the learning rate follows validation records (the scheduler is a ReduceLROnPlateau, fed by the log). */
export function hasPlateau(plan: Pick<ModelPlan, 'update'>): boolean {
  return plan.update.learningRate.kind === 'reduce_on_plateau';
}

/** Whether the plan's learning rate changes: then make_optimizer also returns a scheduler. */
export function hasSchedule(plan: Pick<ModelPlan, 'update'>): boolean {
  return plan.update.learningRate.kind !== 'constant';
}

/** `make_optimizer`: the optimizer, and a scheduler under a schedule; `decayGroups` as optimizerLines takes them. */
export function optimizerFunction(plan: Pick<ModelPlan, 'update'>, params: readonly TorchParameter[], decayGroups?: string[]): string[] {
  const rate = plan.update.learningRate;
  const lr = kw('lr', pyNumber(rate.kind === 'constant' ? rate.value : rate.initial));
  const where = at(plan.update.line);
  const body = optimizerLines(plan, params, lr, rate.kind !== 'constant', decayGroups);
  if (rate.kind === 'constant') {
    return def('make_optimizer(model)', `${plan.update.optimizer.type} (${where}).`, body);
  }
  if (rate.kind === 'reduce_on_plateau') {
    const plateau = call(
      'mlpc.ReduceLROnPlateau',
      'optimizer',
      pyString(rate.monitor),
      pyString(rate.mode),
      kw('factor', pyNumber(rate.factor)),
      kw('patience', String(rate.patience)),
      kw('min_delta', pyNumber(rate.minDelta)),
      kw('cooldown', String(rate.cooldown)),
      kw('min_lr', pyNumber(rate.minLr)),
    );
    return def('make_optimizer(model)', `${plan.update.optimizer.type} (${where}), and the learning-rate schedule.`, [
      ...body,
      `    # reduce_on_plateau (${at(plan.update.learningRateLine ?? plan.update.line)}): Keras ReduceLROnPlateau counted in`,
      `    # evaluations; the log feeds it each ${rate.monitor}, no step() per update.`,
      ...layout('    ', 'return optimizer, ', plateau),
    ]);
  }
  return def('make_optimizer(model)', `${plan.update.optimizer.type} (${where}), and the learning-rate schedule.`, [
    ...body,
    ...commentLines('    ', scheduleComment(rate)),
    ...layout('    ', 'decay = ', scheduleFactor(rate)),
    '    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, decay)',
  ]);
}

/** `apply_constraints`, or nothing when the spec constrains no parameter. */
export function constraintsFunction(plan: Pick<ModelPlan, 'constraints' | 'metrics'>, params: readonly TorchParameter[]): string[] {
  if (plan.constraints.length === 0) return [];
  const metric = maxNormMetric(plan);
  const byId = new Map(params.map((p) => [p.parameter.id, p]));
  const list: CommentedStatement[] = [];
  for (const constraint of plan.constraints) {
    const torchParameter = byId.get(constraint.parameter)!;
    const access = torchParameter.access;
    const dims = torchDims(torchParameter.layout, constraint.axes.keras, torchParameter.parameter.shape.length);
    const counted = metric?.parameters.some((entry) => entry.parameter === constraint.parameter) ?? false;
    let expr: PyExpr;
    if (constraint.kind === 'max_norm') {
      // Positional (weight, c, dims, counter): keyword names would split each call over three lines.
      expr = call('mlpc.max_norm_', access, pyNumber(constraint.maxValue), dims, ...(counted ? [`counts[${pyString(constraint.parameter)}]`] : []));
    } else if (constraint.kind === 'non_neg') {
      expr = call('mlpc.non_neg_', access);
    } else {
      expr = call('mlpc.unit_norm_', access, kw('dims', dims));
    }
    list.push({ prefix: '', expr, comment: at(constraint.line) });
  }
  const body = statements('    ', list);
  if (!metric) return def('apply_constraints(model)', 'After every update, as Keras defines them (per output unit).', body);
  return def('apply_constraints(model, counts)', 'After each update, as Keras defines them: max_norm_(weight, c, dims, counter).', [
    ...body,
    '    counts.updated()',
  ]);
}
