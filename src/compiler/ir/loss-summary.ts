/** `mlpc inspect`'s lines on what the loss compares, how it is weighted, and the activity penalties. */
import type { ModelIR } from './types.js';

/** The data source's classes, or its target columns when it has them. */
export function dataTargetsText(ir: ModelIR): string {
  const { data } = ir;
  const standardized = data.source === 'csv' && data.standardize ? ', features standardized with the training split\'s mean and variance' : '';
  if (data.source === 'csv' && data.targets) return `target columns ${data.targets.join(', ')}${standardized}`;
  if (data.source === 'csv' && data.labels) return `${data.classes} classes per position, label columns ${data.labels.join(', ')}${standardized}`;
  return `${data.classes} classes${standardized}`;
}

/** Lines after `Training:` (none for a plain classification spec). */
export function lossSummaryLines(ir: ModelIR): string[] {
  const { training } = ir;
  const lines: string[] = [];
  if (training.target === 'input') lines.push('Target: the input, flattened (reconstruction); metric: ' + (training.loss === 'binary_cross_entropy' ? 'binary accuracy' : 'MAE'));
  if (training.target === 'columns') lines.push('Target: the csv target columns; metric: ' + (training.loss === 'binary_cross_entropy' ? 'binary accuracy (per label)' : 'MAE'));
  if (training.target === 'positions') {
    const positions = ir.data.source === 'csv' ? (ir.data.labels?.length ?? 0) : 0;
    lines.push(`Target: one class per position (${positions} positions, the csv label columns); loss: softmax cross-entropy at every position, the mean over batch × positions; metric: accuracy over positions`);
  }
  if (training.huberDelta !== undefined) lines.push(`Huber δ: ${training.huberDelta}`);
  if (training.classWeight) lines.push(`Class weights: ${training.classWeight.join(', ')} (loss = Σ w_yi·l_i / N; validation and test unweighted)`);
  for (const activity of ir.activityRegularizers ?? []) {
    lines.push(`Activity penalty: ${activity.kind} ${activity.coefficient} on ${activity.layer}'s output, / batch (line ${activity.ref.location.line})`);
  }
  for (const layer of ir.layers) {
    if (layer.type !== 'lstm' && layer.type !== 'gru') continue;
    const { placements } = layer;
    const ar = placements.refs.activation_regularization;
    const tar = placements.refs.temporal_activation_regularization;
    if (placements.activationRegularization > 0 && ar) lines.push(`Activity penalty: AR ${placements.activationRegularization}·mean(h²) on ${layer.name}'s output (line ${ar.location.line})`);
    if (placements.temporalActivationRegularization > 0 && tar) lines.push(`Activity penalty: TAR ${placements.temporalActivationRegularization}·mean((h(t) − h(t−1))²) on ${layer.name}'s output (line ${tar.location.line})`);
  }
  return lines;
}
