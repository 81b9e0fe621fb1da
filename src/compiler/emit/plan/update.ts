/**
 * Penalties (one named term per penalized parameter and regularizer), the optimizer update with its
 * per-parameter decoupled decay, and the constraints after it.
 */
import type { ModelIR, OptimizerIR } from '../../ir/types.js';
import type { ConstraintPlan, MetricPlan, OptimizerPlan, PenaltyPlan, UpdatePlan } from '../plan.js';
import { originLine, specLine } from './spec-line.js';

/** l2_hidden_kernel, l1_out_bias; a second term of the same kind on the same parameter gets `_2`. */
export function planPenalties(ir: ModelIR): PenaltyPlan[] {
  const penalties: PenaltyPlan[] = [];
  const used = new Set<string>();
  for (const parameter of ir.parameters) {
    for (const regularizer of parameter.regularizers) {
      const base = `${regularizer.kind}_${parameter.layer}_${parameter.param}`;
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
      used.add(id);
      const term = {
        id,
        parameter: parameter.id,
        coefficient: regularizer.lambda,
        line: originLine(ir, regularizer.origin),
        origin: regularizer.origin.kind,
      };
      const aware = regularizer.dropoutAware;
      // Without a dropout layer next to the parameter, every weight is used: plain L2.
      if (aware && aware.masks.length > 0) {
        penalties.push({
          ...term,
          kind: 'dropout_aware_l2',
          masks: aware.masks.map((mask) => ({ layer: mask.layer, rate: mask.rate, side: mask.side })),
          expectedScale: aware.expectedScale,
          expectedCoefficient: regularizer.lambda * aware.expectedScale,
          awareLine: specLine(ir, aware.ref.location.line),
        });
      } else penalties.push({ ...term, kind: regularizer.kind });
    }
  }
  return penalties;
}

function planOptimizer(optimizer: OptimizerIR): OptimizerPlan {
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.momentumRamp
        ? { type: 'sgd', momentum: optimizer.momentum, momentumRamp: { ...optimizer.momentumRamp }, nesterov: optimizer.nesterov }
        : { type: 'sgd', momentum: optimizer.momentum, nesterov: optimizer.nesterov };
    case 'adam':
      return { type: 'adam', beta1: optimizer.beta1, beta2: optimizer.beta2, epsilon: optimizer.epsilon };
    case 'adamw':
      return {
        type: 'adamw',
        beta1: optimizer.beta1,
        beta2: optimizer.beta2,
        epsilon: optimizer.epsilon,
        weightDecay: optimizer.weightDecay,
        exclude: [...optimizer.exclude],
      };
    case 'rmsprop':
      return { type: 'rmsprop', rho: optimizer.rho, momentum: optimizer.momentum, epsilon: optimizer.epsilon };
    case 'adadelta':
      return { type: 'adadelta', rho: optimizer.rho, epsilon: optimizer.epsilon };
  }
}

function slotsOf(optimizer: OptimizerIR): UpdatePlan['slots'] {
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.momentum > 0 || optimizer.momentumRamp ? 'momentum' : 'none';
    case 'adam':
    case 'adamw':
      return 'adam';
    case 'rmsprop':
      return 'rmsprop';
    case 'adadelta':
      return 'adadelta';
  }
}

export function planUpdate(ir: ModelIR): UpdatePlan {
  const optimizer = ir.training.optimizer;
  const line = specLine(ir, optimizer.ref.location.line);
  return {
    optimizer: planOptimizer(optimizer),
    learningRate: { ...optimizer.learningRate },
    slots: slotsOf(optimizer),
    line,
    ...(optimizer.learningRate.kind === 'reduce_on_plateau' ? { learningRateLine: specLine(ir, optimizer.learningRate.ref.location.line) } : {}),
    parameters: ir.parameters
      .filter((parameter) => parameter.trainable)
      .map((parameter) => ({
        parameter: parameter.id,
        weightDecay: optimizer.type === 'adamw' && parameter.weightDecay ? { rate: optimizer.weightDecay, line } : null,
      })),
  };
}

export function planConstraints(ir: ModelIR): ConstraintPlan[] {
  const constraints: ConstraintPlan[] = [];
  for (const parameter of ir.parameters) {
    const axes = { keras: parameter.shape.slice(0, -1).map((_, axis) => axis) };
    for (const constraint of parameter.constraints) {
      const base = { parameter: parameter.id, axes, line: originLine(ir, constraint.origin), origin: constraint.origin.kind };
      constraints.push(constraint.kind === 'max_norm' ? { ...base, kind: 'max_norm', maxValue: constraint.maxValue } : { ...base, kind: constraint.kind });
    }
  }
  return constraints;
}

/** max_norm_rescaled when a parameter has a max-norm constraint (counted by the runtime's MaxNormActivity). */
export function planMetrics(ir: ModelIR, constraints: readonly ConstraintPlan[]): MetricPlan[] {
  const ids = [...new Set(constraints.filter((constraint) => constraint.kind === 'max_norm').map((constraint) => constraint.parameter))];
  if (ids.length === 0) return [];
  const parameters = ids.map((id) => {
    const parameter = ir.parameters.find((candidate) => candidate.id === id);
    if (!parameter) throw new Error(`internal: no parameter ${id}`);
    return { parameter: id, units: parameter.shape[parameter.shape.length - 1] };
  });
  return [{ kind: 'max_norm_rescaled', parameters }];
}
