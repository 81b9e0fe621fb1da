/**
 * What the PyTorch target cannot express in a graph model (spec v2), as exit-2 diagnostics at spec
 * lines: its graph printers train language models (text or token windows, next-token softmax
 * cross-entropy) built from the layers of spec v2 plus dense, dropout and activation, and graphs on
 * examples (mnist, idx, csv, synthetic) built from graph-limits' exampleGraphLayers.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModelIR, SpecRef } from '../../ir/types.js';
import { graphModelLimits } from '../plan/graph-limits.js';

export function graphObstacles(ir: ModelIR): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) =>
    diagnostics.push({ code: 'target-unsupported', severity: 'error', message: `--target pytorch: ${message}`, location: ref.location, hint });
  for (const limit of graphModelLimits(ir)) refuse(limit.ref, limit.message, limit.hint);
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
