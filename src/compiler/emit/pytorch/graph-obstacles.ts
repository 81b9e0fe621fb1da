/**
 * What the PyTorch target cannot express in a graph model (spec v2), as exit-2 diagnostics at spec
 * lines: its graph printer trains language models (text or token windows, next-token softmax
 * cross-entropy) built from the layers of spec v2 plus dense, dropout and activation.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModelIR, SpecRef } from '../../ir/types.js';

const graphLayers = new Set(['embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'add', 'drop_path', 'dense', 'dropout', 'activation']);

export function graphObstacles(ir: ModelIR): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) =>
    diagnostics.push({ code: 'target-unsupported', severity: 'error', message: `--target pytorch: ${message}`, location: ref.location, hint });
  if (ir.data.source !== 'text' && ir.data.source !== 'tokens') {
    refuse(ir.data.ref, `a graph model (named inputs, blocks or spec v2 layers) trains on text or tokens data here, not ${ir.data.source}`, 'use a sequential model for this data, or source: text / tokens');
  }
  if (ir.training.loss !== 'softmax_cross_entropy') {
    refuse(ir.training.ref, `a language model trains with softmax_cross_entropy at every position, not ${ir.training.loss}`, 'set training.loss: softmax_cross_entropy');
  }
  for (const layer of ir.layers) {
    if (!graphLayers.has(layer.type)) {
      refuse(layer.ref, `${layer.type} layer '${layer.name}' is not supported in a graph model`, 'use the layers of spec v2 with dense, dropout and activation');
    }
  }
  for (const parameter of ir.parameters) {
    for (const constraint of parameter.constraints) {
      if (constraint.kind === 'max_norm') {
        refuse(constraint.origin.entryRef, `max_norm on '${parameter.id}' in a graph model is not supported yet`, 'use unit_norm or non_neg, or no constraint');
      }
    }
  }
  return diagnostics;
}
