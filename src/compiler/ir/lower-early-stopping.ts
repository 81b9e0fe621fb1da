/**
 * training.early_stopping → EarlyStoppingIR: Keras's defaults (monitor val_loss, min_delta 0,
 * restore_best_weights false), the mode from the monitored field, and a monitor that names the
 * model's own evaluation metric (accuracy for labels, binary_accuracy or mae for real targets).
 */
import type { LowerContext } from './lower-context.js';
import type { EarlyStoppingIR, TrainingIR } from './types.js';

/** The evaluation metric metrics.jsonl records as val_<metric> (as the plan's planLoss decides it). */
export function evaluationMetric(training: TrainingIR): 'accuracy' | 'binary_accuracy' | 'mae' {
  if (training.target === undefined || training.target === 'positions') return 'accuracy';
  return training.loss === 'binary_cross_entropy' ? 'binary_accuracy' : 'mae';
}

/** Sets training.earlyStopping; call after lowerTargets (the metric depends on the targets). */
export function lowerEarlyStopping(training: TrainingIR, context: LowerContext): void {
  const spec = context.spec.training.early_stopping;
  if (spec === undefined) return;
  const monitor = spec.monitor ?? 'val_loss';
  const metric = `val_${evaluationMetric(training)}`;
  if (monitor !== 'val_loss' && monitor !== metric) {
    context.error('early-stopping-monitor', ['training', 'early_stopping', 'monitor'], `training.early_stopping.monitor: this model records val_loss and ${metric}, not ${monitor}`, {
      hint: `monitor: val_loss or monitor: ${metric}`,
    });
    return;
  }
  const earlyStopping: EarlyStoppingIR = {
    monitor,
    mode: monitor === 'val_loss' || monitor === 'val_mae' ? 'min' : 'max',
    patience: spec.patience,
    minDelta: spec.min_delta ?? 0,
    restoreBest: spec.restore_best ?? false,
    ref: context.ref(['training', 'early_stopping']),
  };
  training.earlyStopping = earlyStopping;
}
