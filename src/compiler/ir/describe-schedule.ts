/** One-line descriptions of the schedules and the momentum ramp, for `mlpc inspect` and `mlpc compare`. */
import type { LearningRateIR, MomentumRampIR } from './types.js';

type DecayingRate = Extract<LearningRateIR, { kind: 'exponential_decay' | 'piecewise_constant' | 'inverse_time_decay' | 'reduce_on_plateau' }>;

function perEpoch(stepsPerEpoch: number | undefined): string {
  return stepsPerEpoch === undefined ? '' : ` (epochs of ${stepsPerEpoch} steps)`;
}

/** `times` is how exponential decay's product is written ('x' in the inspect table, '×' in compare). */
export function describeSchedule(rate: DecayingRate, format: (value: number) => string, times: string): string {
  if (rate.kind === 'reduce_on_plateau') {
    const cooldown = rate.cooldown > 0 ? `, cooldown ${rate.cooldown}` : '';
    return `lr ${format(rate.initial)}, ${times} ${format(rate.factor)} after ${rate.patience} evaluations without ${rate.monitor} improving by ${format(rate.minDelta)}${cooldown}, min ${format(rate.minLr)}`;
  }
  let text: string;
  switch (rate.kind) {
    case 'exponential_decay':
      text = `lr ${format(rate.initial)} ${times} ${format(rate.decayRate)}^(step/${rate.decaySteps}${rate.staircase ? ', staircase' : ''})`;
      break;
    case 'inverse_time_decay':
      text = `lr ${format(rate.initial)} / (1 + ${format(rate.decayRate)}·step/${rate.decaySteps}${rate.staircase ? ', staircase' : ''})`;
      break;
    case 'piecewise_constant': {
      const pieces = rate.boundaries.map((boundary, index) => `${format(rate.values[index] ?? 0)} to step ${boundary}`);
      text = `lr ${pieces.join(', ')}, then ${format(rate.values[rate.values.length - 1] ?? 0)}`;
      break;
    }
  }
  const warmup = rate.warmupSteps === undefined ? '' : `warmup ${rate.warmupSteps} steps, then `;
  return `${warmup}${text}${perEpoch(rate.stepsPerEpoch)}`;
}

export function describeMomentumRamp(ramp: MomentumRampIR, format: (value: number) => string): string {
  return `momentum ${format(ramp.initial)} → ${format(ramp.final)} over ${ramp.rampSteps} steps${perEpoch(ramp.stepsPerEpoch)}`;
}
