/**
 * What the PyTorch target cannot express, as exit-2 diagnostics at spec lines. The only part of the
 * printer that reads the IR rather than the plan, since diagnostics point into the spec.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModelIR, SpecRef } from '../../ir/types.js';
import { isGraphModel } from '../plan/plan-graph-model.js';
import { graphObstacles } from './graph-obstacles.js';

/** Features of the spec that this target cannot express: exit-2 diagnostics at their spec lines. */
export function pytorchObstacles(ir: ModelIR): Diagnostic[] {
  if (isGraphModel(ir)) return graphObstacles(ir);
  const diagnostics: Diagnostic[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) =>
    diagnostics.push({ code: 'target-unsupported', severity: 'error', message, location: ref.location, hint });
  for (const layer of ir.layers) {
    const rank = layer.inputShape.length;
    if (layer.type === 'dense' && rank !== 1) {
      refuse(layer.ref, `--target pytorch: dense layer '${layer.name}' takes a rank-${rank} input; it supports dense layers on flat inputs only`, 'add a flatten layer before it');
    }
    if ((layer.type === 'conv2d' || layer.type === 'max_pool2d' || layer.type === 'average_pool2d') && rank !== 3) {
      refuse(layer.ref, `--target pytorch: ${layer.type} layer '${layer.name}' needs a [height, width, channels] input`, 'give model.input three dimensions');
    }
    if (layer.type === 'conv1d' && rank !== 2) {
      refuse(layer.ref, `--target pytorch: conv1d layer '${layer.name}' needs a [steps, channels] input`, 'give model.input two dimensions');
    }
  }
  return diagnostics;
}
