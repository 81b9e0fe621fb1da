/**
 * `--workers N`: training split by output units across N threads (runtime: src/runtime/workers/).
 * Only models of dense, dropout, activation and flatten layers split; others get the reason.
 */
import type { ModelIR } from '../../ir/types.js';
import type { UnitSplitLayerPlan, WorkersPlan } from '../plan.js';

/** Why the model cannot be split by units, or null when it can. */
function unitSplitObstacle(ir: ModelIR): string | null {
  for (const layer of ir.layers) {
    if (layer.type !== 'dense' && layer.type !== 'dropout' && layer.type !== 'activation' && layer.type !== 'flatten') {
      return `layer '${layer.name}' is ${layer.type}; only dense, dropout, activation and flatten layers can be split`;
    }
    if ((layer.type === 'dense' || layer.type === 'activation') && layer.activation === 'softmax') {
      return `layer '${layer.name}' has a softmax activation, which mixes the units the workers split`;
    }
  }
  if (!ir.layers.some((layer) => layer.type === 'dense')) return 'the model has no dense layer to split';
  // Its usage U = MᵀM′/B needs every unit's and every input's mask of the batch on one thread.
  if (ir.parameters.some((parameter) => parameter.regularizers.some((regularizer) => (regularizer.dropoutAware?.masks.length ?? 0) > 0))) {
    return 'dropout-aware L2 needs whole dropout masks, which the workers split';
  }
  return null;
}

export function planWorkers(ir: ModelIR): WorkersPlan {
  const reason = unitSplitObstacle(ir);
  if (reason !== null) return { splittable: false, reason };
  const layers = ir.layers.map((layer): UnitSplitLayerPlan => {
    switch (layer.type) {
      case 'dense':
        return { type: 'dense', name: layer.name, units: layer.units, activation: layer.activation, useBias: layer.useBias };
      case 'dropout':
        return { type: 'dropout', index: layer.index, rate: layer.rate };
      case 'activation':
        return { type: 'activation', activation: layer.activation };
      default:
        return { type: 'flatten' };
    }
  });
  return { splittable: true, layers };
}
