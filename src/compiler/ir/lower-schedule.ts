/**
 * Learning-rate schedules and SGD's momentum ramp: the spec's counts (steps, or epochs of
 * ceil(train / batch_size) updates) become update counts; the checks the schema cannot make.
 */
import type { LearningRateSpec, MomentumSpec, ScheduleFields } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import type { DataIR, LearningRateIR, MomentumRampIR, TrainingIR } from './types.js';
import { evaluationMetric } from './lower-early-stopping.js';

const RATE_PATH: JsonPath = ['training', 'optimizer', 'learning_rate'];
const MOMENTUM_PATH: JsonPath = ['training', 'optimizer', 'momentum'];

/** The schedule's fields with its name, whichever key (`type`, or the older `schedule`) names it. */
export function scheduleFields(spec: Exclude<LearningRateSpec, number>): ScheduleFields {
  const { type, schedule, ...fields } = spec;
  return { ...fields, name: type ?? schedule } as ScheduleFields;
}

/** Multiplies step counts written in epochs; undefined (an error reported) when the data has no epochs. */
function stepScale(unit: 'steps' | 'epochs' | undefined, stepsPerEpoch: number | undefined, path: JsonPath, context: LowerContext): number | undefined {
  if (unit !== 'epochs') return 1;
  if (stepsPerEpoch === undefined) {
    context.error('schedule-epochs', [...path, 'unit'], `${path[path.length - 1]}: sequence data has no epochs (each step draws random windows)`, { hint: 'count in steps' });
    return undefined;
  }
  return stepsPerEpoch;
}

function checkPiecewise(fields: { boundaries: number[]; values: number[] }, context: LowerContext): boolean {
  let valid = true;
  fields.boundaries.forEach((boundary, index) => {
    const previous = fields.boundaries[index - 1];
    if (previous !== undefined && boundary <= previous) {
      context.error('schedule-boundaries', [...RATE_PATH, 'boundaries', index], `boundaries must increase: ${boundary} follows ${previous}`);
      valid = false;
    }
  });
  if (fields.values.length !== fields.boundaries.length + 1) {
    context.error(
      'schedule-values',
      [...RATE_PATH, 'values'],
      `piecewise_constant needs one value more than boundaries: ${fields.boundaries.length} boundaries, ${fields.values.length} values`,
      { hint: 'values[0] until the first boundary, values[i] after boundary i' },
    );
    valid = false;
  }
  return valid;
}

export function lowerLearningRate(spec: LearningRateSpec | undefined, fallback: number, stepsPerEpoch: number | undefined, context: LowerContext): LearningRateIR {
  if (spec === undefined) return { kind: 'constant', value: fallback };
  if (typeof spec === 'number') return { kind: 'constant', value: spec };
  const fields = scheduleFields(spec);
  if (fields.name === 'warmup_cosine') {
    if (fields.warmup_steps >= fields.decay_steps) {
      context.error('schedule-steps', [...RATE_PATH, 'warmup_steps'], `warmup_steps (${fields.warmup_steps}) must be below decay_steps (${fields.decay_steps})`);
    }
    return { kind: 'warmup_cosine', initial: fields.initial, warmupSteps: fields.warmup_steps, decaySteps: fields.decay_steps, minimum: fields.minimum };
  }
  if (fields.name === 'reduce_on_plateau') {
    // Keras ReduceLROnPlateau's defaults; the monitor is checked against the model's metric by checkPlateau.
    const monitor = fields.monitor ?? 'val_loss';
    return {
      kind: 'reduce_on_plateau',
      initial: fields.initial,
      monitor,
      mode: monitor === 'val_loss' || monitor === 'val_mae' ? 'min' : 'max',
      factor: fields.factor ?? 0.1,
      patience: fields.patience ?? 10,
      minDelta: fields.min_delta ?? 0.0001,
      cooldown: fields.cooldown ?? 0,
      minLr: fields.min_lr ?? 0,
      ref: context.ref(RATE_PATH),
    };
  }
  const scale = stepScale(fields.unit, stepsPerEpoch, RATE_PATH, context) ?? 1;
  const extra: { warmupSteps?: number; stepsPerEpoch?: number } = {};
  if (fields.warmup_steps !== undefined && fields.warmup_steps > 0) extra.warmupSteps = fields.warmup_steps * scale;
  if (fields.unit === 'epochs' && stepsPerEpoch !== undefined) extra.stepsPerEpoch = stepsPerEpoch;
  switch (fields.name) {
    case 'exponential_decay':
      return { kind: 'exponential_decay', initial: fields.initial, decaySteps: fields.decay_steps * scale, decayRate: fields.decay_rate, staircase: fields.staircase ?? false, ...extra };
    case 'inverse_time_decay':
      return { kind: 'inverse_time_decay', initial: fields.initial, decaySteps: (fields.decay_steps ?? 1) * scale, decayRate: fields.decay_rate, staircase: fields.staircase ?? false, ...extra };
    case 'piecewise_constant': {
      checkPiecewise(fields, context);
      const boundaries = fields.boundaries.map((boundary) => boundary * scale);
      return { kind: 'piecewise_constant', initial: fields.values[0] ?? 0, boundaries, values: [...fields.values], ...extra };
    }
  }
}

/** SGD's momentum: the constant, or the ramp (then `momentum` is its final value). */
export function lowerMomentum(spec: MomentumSpec | undefined, fallback: number, stepsPerEpoch: number | undefined, context: LowerContext): { momentum: number; momentumRamp?: MomentumRampIR } {
  if (spec === undefined) return { momentum: fallback };
  if (typeof spec === 'number') return { momentum: spec };
  const scale = stepScale(spec.unit, stepsPerEpoch, MOMENTUM_PATH, context) ?? 1;
  const ramp: MomentumRampIR = { initial: spec.initial, final: spec.final, rampSteps: spec.ramp_steps * scale };
  if (spec.unit === 'epochs' && stepsPerEpoch !== undefined) ramp.stepsPerEpoch = stepsPerEpoch;
  return { momentum: spec.final, momentumRamp: ramp };
}

/**
 * reduce_on_plateau reads a validation field at each evaluation: the data must have a validation
 * split and the model must record the monitored field. Call after lowerTargets (the metric depends
 * on the targets).
 */
export function checkPlateau(training: TrainingIR, data: DataIR, context: LowerContext): void {
  const rate = training.optimizer.learningRate;
  if (rate.kind !== 'reduce_on_plateau') return;
  const metric = `val_${evaluationMetric(training)}`;
  if (rate.monitor !== 'val_loss' && rate.monitor !== metric) {
    context.error('plateau-monitor', [...RATE_PATH, 'monitor'], `reduce_on_plateau monitors ${rate.monitor}, but this model records val_loss and ${metric}`, {
      hint: `monitor: val_loss or monitor: ${metric}`,
    });
  }
  if (data.validation === 0) {
    context.error('plateau-without-validation', RATE_PATH, `reduce_on_plateau watches ${rate.monitor}, but the data has no validation split: the rate would never change`, {
      hint: 'hold out validation examples in data (validation: N), or use a schedule of the step',
      related: [{ message: 'no validation examples here', location: context.source.locate(['data']) }],
      atKey: true,
    });
  }
}
