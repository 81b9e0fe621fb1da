/**
 * A language model's training pieces: `load_data` (token ids and the fixed evaluation windows),
 * `loss_fn` (next-token cross-entropy at every position), `learning_rate(step)` (the schedule,
 * set before each update as nanoGPT does) and `make_optimizer` (AdamW's decay groups from the
 * spec's rules, one group a tensor, checked by the runtime).
 */
import type { GraphModelPlan, LanguageModelPlan } from '../plan/graph-types.js';
import { call, def, flat, kw, layout, statement, type PyExpr, type PyItem } from './python-expr.js';
import { dataFile, type DataFileOptions } from './data.js';
import { pyFloat, pyNumber, pyString } from './python-source.js';
import { at } from './spec-lines.js';
import { type DecayingRate, momentumRampArgument, scheduleComment, scheduleFactor } from './schedule.js';

export function graphLoadData(plan: LanguageModelPlan, options: DataFileOptions): string[] {
  const data = plan.data;
  const load: PyExpr =
    data.source === 'text'
      ? call('mlpc.load_text', dataFile(data.path, options), pyNumber(data.trainFraction), kw('block_size', 'BLOCK_SIZE'))
      : call('mlpc.load_tokens', dataFile(data.trainPath, options), dataFile(data.validationPath, options), pyString(data.dtype), String(data.vocabulary), kw('block_size', 'BLOCK_SIZE'));
  const what =
    data.source === 'text'
      ? `text at character level, the first ${pyNumber(data.trainFraction * 100)} % to train`
      : `${data.dtype} token ids`;
  const windows = (split: string) => call('mlpc.eval_windows', `data.${split}`, 'BLOCK_SIZE', 'BATCH_SIZE', String(data.evalBatches), 'seed');
  return def('load_data(seed, device)', `${what} (${at(data.line)}), and ${data.evalBatches} fixed evaluation batches of each split.`, [
    ...statement('    ', 'data = ', load),
    ...statement('    ', '', call('mlpc.check_vocabulary', 'data', String(data.vocabulary))),
    '    evaluation = {',
    ...layout('        ', '"val": ', call('mlpc.WindowBatches', windows('validation'), 'device'), ','),
    ...layout('        ', '"train": ', call('mlpc.WindowBatches', windows('train'), 'device'), ','),
    '    }',
    '    return data, evaluation',
  ]);
}

export function graphLossFunction(plan: LanguageModelPlan): string[] {
  const smoothing = plan.loss.labelSmoothing > 0 ? [kw('label_smoothing', pyNumber(plan.loss.labelSmoothing))] : [];
  return def('loss_fn(outputs, targets)', `softmax_cross_entropy at every position (${at(plan.loss.line)}), the mean over batch × positions.`, [
    ...statement('    ', 'return ', call('F.cross_entropy', 'outputs.flatten(0, 1)', 'targets.flatten()', ...smoothing)),
  ]);
}

export function learningRateFunction(plan: LanguageModelPlan): string[] {
  const rate = plan.update.learningRate;
  const where = at(plan.update.line);
  switch (rate.kind) {
    case 'constant':
      return def('learning_rate(step)', `Constant (${where}).`, [`    return ${pyNumber(rate.value)}`]);
    case 'exponential_decay': {
      if (rate.warmupSteps === undefined) {
        return def('learning_rate(step)', `Keras ExponentialDecay (${where}).`, [`    return ${pyNumber(rate.initial)} * ${flat(scheduleFactor(rate))}(step)`]);
      }
      return scheduledRate(rate, where);
    }
    case 'piecewise_constant':
    case 'inverse_time_decay':
      return scheduledRate(rate, where);
    case 'warmup_cosine': {
      const args: PyItem[] = ['step', kw('initial', pyNumber(rate.initial)), kw('warmup_steps', String(rate.warmupSteps)), kw('decay_steps', String(rate.decaySteps)), kw('minimum', pyNumber(rate.minimum))];
      return def(
        'learning_rate(step)',
        `warmup_cosine (${where}): nanoGPT's get_lr, linear warm-up then cosine to the minimum.`,
        statement('    ', 'return ', call('mlpc.warmup_cosine', ...args)),
      );
    }
    case 'reduce_on_plateau':
      throw new Error('internal: a graph model with reduce_on_plateau is refused before printing (plan/graph-limits.ts)');
  }
}

/** The factor laid out as black would (a long piecewise list splits), then the rate. */
function scheduledRate(rate: DecayingRate, where: string | undefined): string[] {
  return def('learning_rate(step)', `${scheduleComment(rate)} (${where}).`, [
    ...layout('    ', 'factor = ', scheduleFactor(rate)),
    `    return ${pyNumber(rate.initial)} * factor(step)`,
  ]);
}

function optimizerExpr(plan: LanguageModelPlan, params: string): { lines: string[]; expr: PyExpr } {
  const optimizer = plan.update.optimizer;
  const lr = kw('lr', pyNumber(firstRate(plan)));
  const betas = (beta1: number, beta2: number) => kw('betas', `(${pyNumber(beta1)}, ${pyNumber(beta2)})`);
  const kerasEpsilon = "    # Keras's ε: added to sqrt(v) before the bias correction (torch.optim adds it after).";
  switch (optimizer.type) {
    case 'sgd': {
      const args: PyItem[] = [params, lr];
      if (optimizer.momentum > 0) args.push(kw('momentum', pyNumber(optimizer.momentum)));
      if (optimizer.nesterov) args.push(kw('nesterov', 'True'));
      // Keras keeps the rate inside the velocity: the runtime's SGD rescales it when the rate changes.
      if (optimizer.momentumRamp) return { lines: [], expr: call('mlpc.KerasMomentumSGD', ...args, momentumRampArgument(optimizer.momentumRamp)) };
      const head = optimizer.momentum > 0 && plan.update.learningRate.kind !== 'constant' ? 'mlpc.KerasMomentumSGD' : 'torch.optim.SGD';
      return { lines: [], expr: call(head, ...args) };
    }
    case 'adam':
      return { lines: [kerasEpsilon], expr: call('mlpc.KerasAdam', params, lr, betas(optimizer.beta1, optimizer.beta2), kw('eps', pyNumber(optimizer.epsilon))) };
    case 'adamw':
      return { lines: [kerasEpsilon], expr: call('mlpc.KerasAdamW', params, lr, betas(optimizer.beta1, optimizer.beta2), kw('eps', pyNumber(optimizer.epsilon))) };
    case 'rmsprop':
      return {
        lines: ["    # Keras divides by sqrt(s + ε), torch.optim.RMSprop by sqrt(s) + ε."],
        expr: call('mlpc.KerasRMSprop', params, lr, kw('rho', pyNumber(optimizer.rho)), kw('momentum', pyNumber(optimizer.momentum)), kw('epsilon', pyNumber(optimizer.epsilon))),
      };
    case 'adadelta':
      return { lines: [], expr: call('torch.optim.Adadelta', params, lr, kw('rho', pyNumber(optimizer.rho)), kw('eps', pyNumber(optimizer.epsilon))) };
  }
}

function firstRate(plan: LanguageModelPlan): number {
  return plan.update.learningRate.kind === 'constant' ? plan.update.learningRate.value : plan.update.learningRate.initial;
}

/**
 * AdamW's groups of a graph model, as lines that assign `groups`: `not_decayed` lists the ids the
 * spec's exclude rules match (each rule a comment), mlpc.weight_decay_groups checks every tensor
 * lands in one group.
 */
export function graphDecayGroups(plan: Pick<GraphModelPlan, 'weightDecay' | 'update'>): string[] {
  const optimizer = plan.update.optimizer;
  if (optimizer.type !== 'adamw') throw new Error('internal: decay groups of an optimizer other than adamw');
  const excluded = plan.weightDecay.filter((entry) => !entry.decayed);
  const rules = [...new Map(excluded.map((entry) => [`${entry.rule} (${at(entry.line)})`, entry.rule])).keys()];
  const list = excluded.length === 0 ? ['    not_decayed = []'] : ['    not_decayed = ['];
  if (excluded.length > 0) {
    for (const rule of rules) {
      list.push(`        # exclude: ${rule}`);
      for (const entry of excluded) if (`${entry.rule} (${at(entry.line)})` === rule) list.push(`        ${pyString(entry.parameter)},`);
    }
    list.push('    ]');
  }
  return [...list, ...statement('    ', 'groups = ', call('mlpc.weight_decay_groups', 'model', 'WEIGHTS', 'not_decayed', pyFloat(optimizer.weightDecay)))];
}

export function graphOptimizerFunction(plan: LanguageModelPlan): string[] {
  const optimizer = plan.update.optimizer;
  const where = at(plan.update.line);
  if (optimizer.type !== 'adamw') {
    const { lines, expr } = optimizerExpr(plan, 'model.parameters()');
    return def('make_optimizer(model)', `${optimizer.type} (${where}); learning_rate(step) sets the rate of each update.`, [...lines, ...statement('    ', 'return ', expr)]);
  }
  const { lines, expr } = optimizerExpr(plan, 'groups');
  return def('make_optimizer(model)', `adamw (${where}): weight decay ${pyNumber(optimizer.weightDecay)} on every tensor but not_decayed.`, [
    ...graphDecayGroups(plan),
    ...lines,
    ...statement('    ', 'return ', expr),
  ]);
}
