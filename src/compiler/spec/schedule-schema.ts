/**
 * Learning-rate schedules and the momentum ramp, as schema branches. A schedule is written
 * {type: name, ...} like initializers and optimizers, or {schedule: name, ...}, the older spelling
 * (`mlpc lint --fix` rewrites it): each schedule is one branch per spelling.
 */
type Schema = Record<string, unknown>;

const rate = { type: 'number', exclusiveMinimum: 0, maximum: 1000 };
const steps = { type: 'integer', minimum: 1, maximum: 1000000000 };
const momentum = { type: 'number', minimum: 0, exclusiveMaximum: 1 };
const warmup = {
  warmup_steps: { type: 'integer', minimum: 0, maximum: 1000000000, description: 'linear warm-up to the schedule\'s first rate; the schedule starts after it' },
  unit: { enum: ['steps', 'epochs'], description: 'what decay_steps, boundaries and warmup_steps count (default steps)' },
};

const schedules: Record<string, { properties: Schema; required: string[]; description: string }> = {
  exponential_decay: {
    description: 'Keras ExponentialDecay: initial · decay_rate^(step / decay_steps), the exponent floored when staircase',
    properties: { initial: rate, decay_steps: steps, decay_rate: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, staircase: { type: 'boolean' }, ...warmup },
    required: ['initial', 'decay_steps', 'decay_rate'],
  },
  warmup_cosine: {
    description: 'nanoGPT get_lr: linear warmup to initial, cosine down to minimum at decay_steps, then minimum',
    properties: {
      initial: rate, warmup_steps: { type: 'integer', minimum: 0 },
      decay_steps: { type: 'integer', minimum: 1 }, minimum: { type: 'number', minimum: 0, maximum: 1000 },
    },
    required: ['initial', 'warmup_steps', 'decay_steps', 'minimum'],
  },
  piecewise_constant: {
    description: 'Keras PiecewiseConstantDecay: values[i] while boundaries[i-1] < step <= boundaries[i]',
    properties: {
      boundaries: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 1000000000 }, minItems: 1, maxItems: 1000 },
      values: { type: 'array', items: rate, minItems: 2, maxItems: 1001 },
      ...warmup,
    },
    required: ['boundaries', 'values'],
  },
  inverse_time_decay: {
    description: 'Keras InverseTimeDecay: initial / (1 + decay_rate · step / decay_steps); decay_steps 1 is the legacy decay= argument',
    properties: { initial: rate, decay_rate: { type: 'number', exclusiveMinimum: 0, maximum: 1000 }, decay_steps: steps, staircase: { type: 'boolean' }, ...warmup },
    required: ['initial', 'decay_rate'],
  },
  reduce_on_plateau: {
    description: 'Keras ReduceLROnPlateau counted in evaluations: rate · factor after `patience` evaluations without improvement of the monitored validation value',
    properties: {
      initial: rate,
      monitor: { enum: ['val_loss', 'val_accuracy', 'val_binary_accuracy', 'val_mae'], description: 'the validation field of metrics.jsonl watched: losses and mae must fall, accuracies rise (default val_loss)' },
      factor: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'new rate = rate · factor (default 0.1)' },
      patience: { type: 'integer', minimum: 1, maximum: 1000000, description: 'evaluations without improvement before the rate is lowered (default 10)' },
      min_delta: { type: 'number', minimum: 0, maximum: 1000000, description: 'an improvement is a change larger than this (default 0.0001)' },
      cooldown: { type: 'integer', minimum: 0, maximum: 1000000, description: 'evaluations after a reduction during which no wait is counted (default 0)' },
      min_lr: { type: 'number', minimum: 0, maximum: 1000, description: 'the rate never goes below this (default 0)' },
    },
    required: ['initial'],
  },
};

function branches(key: 'type' | 'schedule', prefix: string): Record<string, Schema> {
  const result: Record<string, Schema> = {};
  for (const [name, { properties, required, description }] of Object.entries(schedules)) {
    result[`${prefix}${name}`] = {
      type: 'object', additionalProperties: false, required: [key, ...required], description,
      properties: { [key]: { const: name }, ...properties },
    };
  }
  return result;
}

/** {type: piecewise_constant, ...}: definitions learning_rate_<name>. */
export const typedScheduleBranches = branches('type', 'learning_rate_');
/** {schedule: piecewise_constant, ...}, the older spelling: definitions schedule_<name>. */
export const scheduleBranches = branches('schedule', 'schedule_');

const refsTo = (definitions: Record<string, Schema>): Schema[] => Object.keys(definitions).map((key) => ({ $ref: `#/definitions/${key}` }));

export const learningRate: Schema = {
  anyOf: [
    rate,
    { type: 'object', required: ['type'], discriminator: { propertyName: 'type' }, oneOf: refsTo(typedScheduleBranches) },
    { type: 'object', required: ['schedule'], discriminator: { propertyName: 'schedule' }, oneOf: refsTo(scheduleBranches) },
  ],
};

/** SGD's momentum: a constant, or Srivastava et al. (2014)'s linear ramp from initial to final over ramp_steps, then final. */
export const momentumSchedule: Schema = {
  anyOf: [
    momentum,
    {
      type: 'object', additionalProperties: false, required: ['type', 'initial', 'final', 'ramp_steps'],
      description: 'linear ramp: initial + (final − initial) · min(step, ramp_steps) / ramp_steps',
      properties: {
        type: { const: 'linear_ramp' }, initial: momentum, final: momentum, ramp_steps: steps,
        unit: { enum: ['steps', 'epochs'], description: 'what ramp_steps counts (default steps)' },
      },
    },
  ],
};
