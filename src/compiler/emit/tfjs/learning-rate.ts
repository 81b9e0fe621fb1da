/** The learning rate and SGD's momentum of one update, as TypeScript expressions of the iteration. */
import type { LearningRateIR, MomentumRampIR } from '../../ir/types.js';
import { numberLiteral } from './literals.js';
import type { RuntimeNames } from './runtime-names.js';

const list = (values: readonly number[]) => `[${values.map(numberLiteral).join(', ')}]`;

function scheduleCall(context: RuntimeNames, rate: Exclude<LearningRateIR, { kind: 'constant' }>, step: string): string {
  switch (rate.kind) {
    case 'exponential_decay':
      return `${context.rt('exponentialDecay')}(${step}, ${numberLiteral(rate.initial)}, ${rate.decaySteps}, ${numberLiteral(rate.decayRate)}, ${rate.staircase})`;
    case 'inverse_time_decay':
      return `${context.rt('inverseTimeDecay')}(${step}, ${numberLiteral(rate.initial)}, ${rate.decaySteps}, ${numberLiteral(rate.decayRate)}, ${rate.staircase})`;
    case 'piecewise_constant':
      return `${context.rt('piecewiseConstant')}(${step}, ${list(rate.boundaries)}, ${list(rate.values)})`;
    case 'warmup_cosine':
      return `${context.rt('warmupCosine')}(${step}, ${numberLiteral(rate.initial)}, ${rate.warmupSteps}, ${rate.decaySteps}, ${numberLiteral(rate.minimum)})`;
    case 'reduce_on_plateau':
      throw new Error('internal: reduce_on_plateau is no function of the step');
  }
}

/**
 * `iteration` counts the updates already applied; under a warm-up the schedule starts after it.
 * reduce_on_plateau's rate is the runtime object's (`plateau`, the model file's ReduceLROnPlateau).
 */
export function learningRateExpression(context: RuntimeNames, rate: LearningRateIR, iteration: string, plateau?: string): string {
  if (rate.kind === 'constant') return numberLiteral(rate.value);
  if (rate.kind === 'reduce_on_plateau') {
    if (plateau === undefined) throw new Error('internal: reduce_on_plateau needs the ReduceLROnPlateau object');
    return `${plateau}.rate`;
  }
  if (rate.kind === 'warmup_cosine' || rate.warmupSteps === undefined) return scheduleCall(context, rate, iteration);
  const warmup = rate.warmupSteps;
  return (
    `${iteration} < ${warmup} ? ${context.rt('linearWarmup')}(${iteration}, ${warmup}, ${numberLiteral(rate.initial)}) ` +
    `: ${scheduleCall(context, rate, `${iteration} - ${warmup}`)}`
  );
}

export function momentumRampExpression(context: RuntimeNames, ramp: MomentumRampIR, iteration: string): string {
  return `${context.rt('momentumRamp')}(${iteration}, ${numberLiteral(ramp.initial)}, ${numberLiteral(ramp.final)}, ${ramp.rampSteps})`;
}
