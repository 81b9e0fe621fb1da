/** The plan's loss: what it compares the output with, how the evaluation scores it, and the activity penalties. */
import type { ModelIR } from '../../ir/types.js';
import type { ActivityPenaltyPlan, LossPlan, SpecLine } from '../plan.js';
import { specLine } from './spec-line.js';

export function planLoss(ir: ModelIR, units: number, line: SpecLine): LossPlan {
  const { loss, target } = ir.training;
  const sigmoid = loss === 'sigmoid_cross_entropy' || loss === 'binary_cross_entropy';
  const base = {
    kind: loss,
    outputUnits: units,
    line,
    ...(ir.training.huberDelta === undefined ? {} : { huberDelta: ir.training.huberDelta }),
    ...(ir.training.classWeight === undefined ? {} : { classWeight: [...ir.training.classWeight] }),
    ...(ir.training.classWeightRef === undefined ? {} : { classWeightLine: specLine(ir, ir.training.classWeightRef.location.line) }),
  };
  if (target === 'positions') {
    // A tagger: softmax cross-entropy at every position of the [steps, units] output; accuracy over positions.
    const last = ir.layers[ir.layers.length - 1];
    return { ...base, targetEncoding: 'positions', correct: 'position_argmax', metric: 'accuracy', positions: last?.outputShape[0] ?? 1 };
  }
  if (target !== undefined) {
    // Accuracy means nothing on real values: binary accuracy for 0/1 targets under a sigmoid, MAE otherwise.
    const binary = loss === 'binary_cross_entropy';
    return { ...base, targetEncoding: target, correct: binary ? 'binary_accuracy' : 'absolute_error', metric: binary ? 'binary_accuracy' : 'mae' };
  }
  const targetEncoding = loss === 'softmax_cross_entropy' ? 'one_hot' : sigmoid || units === 1 ? 'column' : 'one_hot';
  const correct = sigmoid ? 'positive_logit' : targetEncoding === 'column' ? 'rounded_output' : 'argmax';
  return { ...base, targetEncoding, correct, metric: 'accuracy' };
}

export function planActivityPenalties(ir: ModelIR): ActivityPenaltyPlan[] {
  return (ir.activityRegularizers ?? []).map((regularizer) => ({
    id: `${regularizer.kind}_${regularizer.layer.replace(/\./g, '_')}_activity`,
    layer: regularizer.layer,
    kind: regularizer.kind,
    coefficient: regularizer.coefficient,
    line: specLine(ir, regularizer.ref.location.line),
  }));
}
