/**
 * `--workers N`: training split by output units across N threads (runtime: src/runtime/workers/).
 * Only models of dense, dropout, activation and flatten layers split; others get the reason.
 */
import type { ModelPlan } from '../plan.js';
import type { WorkersPlan } from './tfjs-plan.js';

/** Why the model cannot be split by units, or null when it can. */
function unitSplitObstacle(plan: ModelPlan): string | null {
  for (const layer of plan.layers) {
    if (layer.type !== 'dense' && layer.type !== 'dropout' && layer.type !== 'activation' && layer.type !== 'flatten') {
      return `layer '${layer.name}' is ${layer.type}; only dense, dropout, activation and flatten layers can be split`;
    }
    if ((layer.type === 'dense' || layer.type === 'activation') && layer.activation === 'softmax') {
      return `layer '${layer.name}' has a softmax activation, which mixes the units the workers split`;
    }
  }
  if (!plan.layers.some((layer) => layer.type === 'dense')) return 'the model has no dense layer to split';
  // Its usage U = MᵀM′/B needs every unit's and every input's mask of the batch on one thread.
  if (plan.penalties.some((penalty) => penalty.kind === 'dropout_aware_l2')) {
    return 'dropout-aware L2 needs whole dropout masks, which the workers split';
  }
  if (plan.activityPenalties.length > 0) return 'activity regularizers need whole layer outputs, which the workers split';
  // The workers share model.loss, the unweighted evaluation loss.
  if (plan.loss.classWeight !== undefined) return 'class weights are not applied by the workers\' shared loss';
  if (plan.loss.targetEncoding === 'positions') return 'a loss per position needs each position\'s whole row of logits, which the workers split';
  return null;
}

export function planWorkers(plan: ModelPlan): WorkersPlan {
  const reason = unitSplitObstacle(plan);
  return reason === null ? { splittable: true } : { splittable: false, reason };
}
