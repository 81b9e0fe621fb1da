/**
 * A schedule as a factor of the initial rate (torch.optim.lr_scheduler.LambdaLR's lr_lambda, or
 * the graph scripts' learning_rate(step)), its one-line explanation, and SGD's momentum ramp.
 */
import type { LearningRateIR, MomentumRampIR } from '../../ir/types.js';
import { call, kw, list, type PyExpr, type PyItem } from './python-expr.js';
import { pyBool, pyNumber } from './python-source.js';

export type DecayingRate = Extract<LearningRateIR, { kind: 'exponential_decay' | 'piecewise_constant' | 'inverse_time_decay' | 'warmup_cosine' }>;

/** mlpc.<schedule>(...): a function of the step giving rate(step) / initial; under a warm-up, wrapped by mlpc.with_warmup. */
export function scheduleFactor(rate: DecayingRate): PyExpr {
  // warmup_cosine's warm-up is its own (nanoGPT's get_lr), not a wrapper around another schedule.
  if (rate.kind === 'warmup_cosine') {
    return call('mlpc.warmup_cosine_factor', pyNumber(rate.initial), String(rate.warmupSteps), String(rate.decaySteps), pyNumber(rate.minimum));
  }
  let factor: PyExpr;
  switch (rate.kind) {
    case 'exponential_decay':
      factor = call('mlpc.exponential_decay', pyNumber(rate.initial), String(rate.decaySteps), pyNumber(rate.decayRate), pyBool(rate.staircase));
      break;
    case 'inverse_time_decay':
      factor = call('mlpc.inverse_time_decay', String(rate.decaySteps), pyNumber(rate.decayRate), pyBool(rate.staircase));
      break;
    case 'piecewise_constant':
      factor = call('mlpc.piecewise_constant', list(rate.boundaries.map(String)), list(rate.values.map(pyNumber)));
      break;
  }
  return rate.warmupSteps === undefined ? factor : call('mlpc.with_warmup', factor, String(rate.warmupSteps));
}

/** What the factor computes, for the comment above it. */
export function scheduleComment(rate: DecayingRate): string {
  if (rate.kind === 'warmup_cosine') {
    return `nanoGPT's get_lr: linear warm-up over ${rate.warmupSteps} steps, cosine to ${pyNumber(rate.minimum)} at step ${rate.decaySteps}`;
  }
  const floored = rate.kind !== 'piecewise_constant' && rate.staircase ? ', floored' : '';
  let text: string;
  switch (rate.kind) {
    case 'exponential_decay':
      text = `Keras ExponentialDecay: ${pyNumber(rate.initial)} · ${pyNumber(rate.decayRate)}^(step / ${rate.decaySteps})${rate.staircase ? ', the exponent floored' : ''}`;
      break;
    case 'inverse_time_decay':
      text = `Keras InverseTimeDecay: ${pyNumber(rate.initial)} / (1 + ${pyNumber(rate.decayRate)} · step / ${rate.decaySteps}${floored})`;
      break;
    case 'piecewise_constant':
      text = 'Keras PiecewiseConstantDecay: values[i] while boundaries[i-1] < step <= boundaries[i]';
      break;
  }
  if (rate.warmupSteps === undefined) return text;
  return `linear warm-up over ${rate.warmupSteps} steps, then ${text} (its step counted from the end of the warm-up)`;
}

/** momentum_ramp=(initial, final, ramp_steps) for mlpc.KerasMomentumSGD. */
export function momentumRampArgument(ramp: MomentumRampIR): PyItem {
  return kw('momentum_ramp', `(${pyNumber(ramp.initial)}, ${pyNumber(ramp.final)}, ${ramp.rampSteps})`);
}
