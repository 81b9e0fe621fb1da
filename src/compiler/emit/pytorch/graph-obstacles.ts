/**
 * What the PyTorch target cannot express in a graph model (spec v2), as exit-2 diagnostics at spec
 * lines: its graph printer trains language models (text or token windows, next-token softmax
 * cross-entropy) built from the layers of spec v2 plus dense, dropout and activation.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModelIR, SpecRef } from '../../ir/types.js';
import { graphModelLimits } from '../plan/graph-limits.js';
import { isLanguageModelData } from '../plan/plan-graph-model.js';

export function graphObstacles(ir: ModelIR): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) =>
    diagnostics.push({ code: 'target-unsupported', severity: 'error', message: `--target pytorch: ${message}`, location: ref.location, hint });
  for (const limit of graphModelLimits(ir)) refuse(limit.ref, limit.message, limit.hint);
  if (!isLanguageModelData(ir)) {
    refuse(ir.data.ref, `a graph model (named inputs, add, blocks or spec v2 layers) on ${ir.data.source} data is not printed yet`, 'use a sequential model for this data, or source: text / tokens');
  }
  for (const parameter of ir.parameters) {
    for (const constraint of parameter.constraints) {
      if (constraint.kind === 'max_norm') {
        refuse(constraint.origin.entryRef, `max_norm on '${parameter.id}' in a graph model is not supported yet`, 'use unit_norm or non_neg, or no constraint');
      }
    }
    for (const regularizer of parameter.regularizers) {
      // The graph printer's dropout is nn.Dropout, which keeps no masks.
      if (regularizer.dropoutAware !== undefined && regularizer.dropoutAware.masks.length > 0) {
        refuse(regularizer.dropoutAware.ref, `dropout_aware l2 on '${parameter.id}' in a graph model is not supported`, 'use plain l2');
      }
    }
  }
  return diagnostics;
}
