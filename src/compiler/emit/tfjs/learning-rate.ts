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
      // The build refuses warmup_cosine before printing (unsupportedByPrinters) until this printer supports it.
      throw new Error('the TypeScript printer does not support learning-rate schedule warmup_cosine yet');
  }
}

/** `iteration` counts the updates already applied; under a warm-up the schedule starts after it. */
export function learningRateExpression(context: RuntimeNames, rate: LearningRateIR, iteration: string): string {
  if (rate.kind === 'constant') return numberLiteral(rate.value);
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
