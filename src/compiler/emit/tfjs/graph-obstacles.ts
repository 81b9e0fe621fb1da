/**
 * What the TypeScript target cannot print in a graph model (spec v2), as exit-2 diagnostics at spec
 * lines: it trains language models (text or token windows, next-token softmax cross-entropy) built
 * from the layers of spec v2 plus dense, dropout and activation, with Adam or AdamW, l1/l2 penalties;
 * and graphs on examples (graph-examples-file.ts) with Adam, AdamW or SGD.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModelIR, SpecRef } from '../../ir/types.js';
import { graphModelLimits } from '../plan/graph-limits.js';
import { isLanguageModelData } from '../plan/plan-graph-model.js';

export function tfjsGraphObstacles(ir: ModelIR): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) =>
    diagnostics.push({ code: 'target-unsupported', severity: 'error', message: `--target typescript: ${message}`, location: ref.location, hint });
  for (const limit of graphModelLimits(ir)) refuse(limit.ref, limit.message, limit.hint);
  const optimizer = ir.training.optimizer;
  const examples = !isLanguageModelData(ir);
  if (examples && optimizer.type !== 'adam' && optimizer.type !== 'adamw' && optimizer.type !== 'sgd') {
    refuse(optimizer.ref, `a graph model on examples trains with adam, adamw or sgd here, not ${optimizer.type}`, 'use adam, adamw or sgd, or --target pytorch');
  } else if (!examples && optimizer.type !== 'adam' && optimizer.type !== 'adamw') {
    refuse(optimizer.ref, `a graph model trains with adam or adamw here, not ${optimizer.type}`, 'use adamw (or adam), or --target pytorch');
  }
  for (const parameter of ir.parameters) {
    for (const constraint of parameter.constraints) {
      refuse(constraint.origin.entryRef, `${constraint.kind} on '${parameter.id}' in a graph model is not supported yet`, 'drop the constraint, or use --target pytorch (unit_norm, non_neg)');
    }
    for (const regularizer of parameter.regularizers) {
      if (regularizer.dropoutAware !== undefined && regularizer.dropoutAware.masks.length > 0) {
        refuse(regularizer.dropoutAware.ref, `dropout_aware l2 on '${parameter.id}' in a graph model is not supported`, 'use plain l2');
      }
    }
  }
  return diagnostics;
}
