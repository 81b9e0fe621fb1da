/** Training: optimizer with Keras' defaults, learning-rate schedule, steps from epochs, clipping and label smoothing (weight decay: weight-decay.ts). */
import type { OptimizerSpec } from '../spec/spec-types.js';
import type { LowerContext } from './lower-context.js';
import { lowerLearningRate, lowerMomentum } from './lower-schedule.js';
import { selectorList, selectorText } from './selectors.js';
import type { LearningRateIR, OptimizerIR, TrainingIR } from './types.js';

/** Keras' defaults (keras.optimizers.*), so a spec means what the same Keras code would. */
export const OPTIMIZER_DEFAULTS = {
  sgd: { learningRate: 0.01, momentum: 0, nesterov: false },
  adam: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  adamw: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.004 },
  rmsprop: { learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
  // Keras'; torch.optim.Adadelta's are lr 1.0, rho 0.9, eps 1e-6 (docs/spec-v1.md).
  adadelta: { learningRate: 0.001, rho: 0.95, epsilon: 1e-7 },
} as const;
export const DEFAULT_BATCH_SIZE = 32;
export const DEFAULT_SEED = 0;

function lowerOptimizer(spec: OptimizerSpec, stepsPerEpoch: number | undefined, context: LowerContext): OptimizerIR {
  const ref = context.ref(['training', 'optimizer']);
  const lowerRate = (fallback: number) => lowerLearningRate(spec.learning_rate, fallback, stepsPerEpoch, context);
  switch (spec.type) {
    case 'sgd': {
      const d = OPTIMIZER_DEFAULTS.sgd;
      return { type: 'sgd', learningRate: lowerRate(d.learningRate), ...lowerMomentum(spec.momentum, d.momentum, stepsPerEpoch, context), nesterov: spec.nesterov ?? d.nesterov, ref };
    }
    case 'adam': {
      const d = OPTIMIZER_DEFAULTS.adam;
      return { type: 'adam', learningRate: lowerRate(d.learningRate), beta1: spec.beta1 ?? d.beta1, beta2: spec.beta2 ?? d.beta2, epsilon: spec.epsilon ?? d.epsilon, ref };
    }
    case 'adamw': {
      const d = OPTIMIZER_DEFAULTS.adamw;
      const exclude = spec.exclude === undefined ? [] : selectorList(spec.exclude).map(selectorText);
      return {
        type: 'adamw',
        learningRate: lowerRate(d.learningRate),
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
      return { type: 'rmsprop', learningRate: lowerRate(d.learningRate), rho: spec.rho ?? d.rho, momentum: spec.momentum ?? d.momentum, epsilon: spec.epsilon ?? d.epsilon, ref };
    }
    case 'adadelta': {
      const d = OPTIMIZER_DEFAULTS.adadelta;
      return { type: 'adadelta', learningRate: lowerRate(d.learningRate), rho: spec.rho ?? d.rho, epsilon: spec.epsilon ?? d.epsilon, ref };
    }
  }
}

/** `trainExamples` is undefined for sequence data, which trains by steps (windows are drawn at random). */
export function lowerTraining(trainExamples: number | undefined, context: LowerContext): TrainingIR | undefined {
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
  if (trainExamples === undefined && spec.epochs !== undefined) {
    context.error('epochs-on-sequences', ['training', 'epochs'], 'training: sequence data trains by steps (each step draws random windows), not epochs', {
      atKey: true,
      hint: 'write steps: N',
    });
    return undefined;
  }
  const stepsPerEpoch = Math.ceil((trainExamples ?? 0) / batchSize);
  const steps = spec.steps ?? (spec.epochs ?? 1) * stepsPerEpoch;
  const training: TrainingIR = {
    loss: spec.loss,
    optimizer: lowerOptimizer(spec.optimizer, trainExamples === undefined ? undefined : stepsPerEpoch, context),
    batchSize,
    steps,
    evalEvery: spec.eval_every ?? Math.max(1, Math.ceil(steps / 10)),
    seed: spec.seed ?? DEFAULT_SEED,
    labelSmoothing: spec.label_smoothing ?? 0,
    ref: context.ref(['training']),
  };
  if (spec.epochs !== undefined) training.epochs = spec.epochs;
  if (spec.clip_grad_norm !== undefined) training.clipGradNorm = spec.clip_grad_norm;
  if (spec.label_smoothing !== undefined) training.labelSmoothingRef = context.ref(['training', 'label_smoothing']);
  if (spec.label_smoothing !== undefined && spec.loss !== 'softmax_cross_entropy') {
    context.error('label-smoothing-loss', ['training', 'label_smoothing'], `training.label_smoothing applies to softmax_cross_entropy, not ${spec.loss}`, { atKey: true });
  }
  return training;
}
