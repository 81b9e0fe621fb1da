/** Training: optimizer with Keras' defaults, learning-rate schedule, steps from epochs, weight decay per parameter. */
import type { LearningRateSpec, OptimizerSpec } from '../spec/spec-types.js';
import type { LowerContext } from './lower-context.js';
import { selectParameters } from './selectors.js';
import type { LearningRateIR, OptimizerIR, ParameterIR, TrainingIR } from './types.js';

/** Keras' defaults (keras.optimizers.*), so a spec means what the same Keras code would. */
export const OPTIMIZER_DEFAULTS = {
  sgd: { learningRate: 0.01, momentum: 0, nesterov: false },
  adam: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  adamw: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.004 },
  rmsprop: { learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
} as const;
export const DEFAULT_BATCH_SIZE = 32;
export const DEFAULT_SEED = 0;

function lowerLearningRate(spec: LearningRateSpec | undefined, fallback: number): LearningRateIR {
  if (spec === undefined) return { kind: 'constant', value: fallback };
  if (typeof spec === 'number') return { kind: 'constant', value: spec };
  return { kind: 'exponential_decay', initial: spec.initial, decaySteps: spec.decay_steps, decayRate: spec.decay_rate, staircase: spec.staircase ?? false };
}

function lowerOptimizer(spec: OptimizerSpec, context: LowerContext): OptimizerIR {
  const ref = context.ref(['training', 'optimizer']);
  switch (spec.type) {
    case 'sgd': {
      const d = OPTIMIZER_DEFAULTS.sgd;
      return { type: 'sgd', learningRate: lowerLearningRate(spec.learning_rate, d.learningRate), momentum: spec.momentum ?? d.momentum, nesterov: spec.nesterov ?? d.nesterov, ref };
    }
    case 'adam': {
      const d = OPTIMIZER_DEFAULTS.adam;
      return { type: 'adam', learningRate: lowerLearningRate(spec.learning_rate, d.learningRate), beta1: spec.beta1 ?? d.beta1, beta2: spec.beta2 ?? d.beta2, epsilon: spec.epsilon ?? d.epsilon, ref };
    }
    case 'adamw': {
      const d = OPTIMIZER_DEFAULTS.adamw;
      const exclude = spec.exclude === undefined ? [] : typeof spec.exclude === 'string' ? [spec.exclude] : spec.exclude;
      return {
        type: 'adamw',
        learningRate: lowerLearningRate(spec.learning_rate, d.learningRate),
        beta1: spec.beta1 ?? d.beta1,
        beta2: spec.beta2 ?? d.beta2,
        epsilon: spec.epsilon ?? d.epsilon,
        weightDecay: spec.weight_decay ?? d.weightDecay,
        exclude,
        ref,
      };
    }
    case 'rmsprop': {
      const d = OPTIMIZER_DEFAULTS.rmsprop;
      return { type: 'rmsprop', learningRate: lowerLearningRate(spec.learning_rate, d.learningRate), rho: spec.rho ?? d.rho, momentum: spec.momentum ?? d.momentum, epsilon: spec.epsilon ?? d.epsilon, ref };
    }
  }
}

/** Marks the parameters adamw decays: every trainable one not picked by `exclude`. */
export function lowerWeightDecay(optimizer: OptimizerIR, parameters: readonly ParameterIR[], context: LowerContext): void {
  if (optimizer.type !== 'adamw' || optimizer.weightDecay === 0) return;
  const spec = context.spec.training.optimizer;
  const excluded = spec.type === 'adamw' && spec.exclude !== undefined
    ? new Set(selectParameters(spec.exclude, ['training', 'optimizer', 'exclude'], parameters, context, 'training.optimizer.exclude', 'exclusions from weight decay'))
    : new Set<ParameterIR>();
  for (const parameter of parameters) parameter.weightDecay = parameter.trainable && !excluded.has(parameter);
}

export function lowerTraining(trainExamples: number, context: LowerContext): TrainingIR | undefined {
  const spec = context.spec.training;
  const batchSize = spec.batch_size ?? DEFAULT_BATCH_SIZE;
  if (spec.steps !== undefined && spec.epochs !== undefined) {
    context.error('steps-and-epochs', ['training', 'epochs'], 'training: give either steps or epochs, not both', {
      atKey: true,
      related: [{ message: 'steps given here', location: context.source.locateKey(['training', 'steps']) }],
    });
    return undefined;
  }
  if (spec.steps === undefined && spec.epochs === undefined) {
    context.error('missing-steps', ['training'], 'training needs steps or epochs', { atKey: true, hint: 'e.g. steps: 1000, or epochs: 10' });
    return undefined;
  }
  const stepsPerEpoch = Math.ceil(trainExamples / batchSize);
  const steps = spec.steps ?? (spec.epochs ?? 1) * stepsPerEpoch;
  const training: TrainingIR = {
    loss: spec.loss,
    optimizer: lowerOptimizer(spec.optimizer, context),
    batchSize,
    steps,
    evalEvery: spec.eval_every ?? Math.max(1, Math.ceil(steps / 10)),
    seed: spec.seed ?? DEFAULT_SEED,
    labelSmoothing: 0,
    ref: context.ref(['training']),
  };
  if (spec.epochs !== undefined) training.epochs = spec.epochs;
  return training;
}
