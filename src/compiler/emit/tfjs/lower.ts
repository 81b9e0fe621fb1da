/**
 * lowerForTfjs(plan): the neutral plan with tfjs-wasm's speed decisions (tfjs-plan.ts): dense kernels
 * units-major, L2 folded into plain SGD, where the hand-written backward pass stops, dropout mask
 * seeds, and whether `--workers` can split the model.
 */
import { isUnitsMajor } from '../../../runtime/shared/layer-config.js';
import type { LayerStep, ModelPlan, ParameterPlan, ParameterUpdatePlan } from '../plan.js';
import type { TfjsConstraint, TfjsLayerStep, TfjsParameter, TfjsParameterUpdate, TfjsPlan } from './tfjs-plan.js';
import { planWorkers } from './workers.js';

function layerOf(plan: ModelPlan, parameter: ParameterPlan): LayerStep {
  const layer = plan.layers.find((candidate) => candidate.name === parameter.layer);
  if (!layer) throw new Error(`internal: no layer ${parameter.layer}`);
  return layer;
}

function lowerParameter(plan: ModelPlan, parameter: ParameterPlan): TfjsParameter {
  const unitsMajor = isUnitsMajor(layerOf(plan, parameter).type, parameter.param);
  return {
    ...parameter,
    storage: unitsMajor ? 'units_major' : 'keras',
    storedShape: unitsMajor ? [parameter.shape[1], parameter.shape[0]] : [...parameter.shape],
  };
}

function lowerLayers(plan: ModelPlan): TfjsLayerStep[] {
  const trainable = (layer: LayerStep) => plan.parameters.some((parameter) => parameter.layer === layer.name && parameter.trainable);
  const firstTrainable = plan.layers.findIndex(trainable);
  return plan.layers.map((layer, index) => ({
    ...layer,
    backward: firstTrainable < 0 || index < firstTrainable ? 'none' : index === firstTrainable ? 'parameters_only' : 'full',
    seedOffset: layer.index,
  }));
}

function lowerUpdate(plan: ModelPlan, update: ParameterUpdatePlan): TfjsParameterUpdate {
  const { optimizer } = plan.update;
  const own = plan.penalties.filter((penalty) => penalty.parameter === update.parameter);
  const terms = own.filter((penalty) => penalty.kind !== 'dropout_aware_l2');
  // w·(1 − 2ηλ) − η·dW is w − η(dW + 2λw) exactly; other optimizers transform the full gradient.
  const fold = optimizer.type === 'sgd' && optimizer.momentum === 0 && terms.length > 0 && terms.every((term) => term.kind === 'l2');
  return {
    ...update,
    addedGradients: fold ? [] : terms.map((term) => term.id),
    foldedL2: fold ? { penalties: terms.map((term) => term.id), coefficient: terms.reduce((sum, term) => sum + term.coefficient, 0) } : null,
    stepGradients: own.filter((penalty) => penalty.kind === 'dropout_aware_l2').map((penalty) => penalty.id),
  };
}

export function lowerForTfjs(plan: ModelPlan): TfjsPlan {
  const parameters = plan.parameters.map((parameter) => lowerParameter(plan, parameter));
  const constraints = plan.constraints.map((constraint): TfjsConstraint => {
    const parameter = parameters.find((candidate) => candidate.id === constraint.parameter);
    return { ...constraint, storedAxes: parameter?.storage === 'units_major' ? [1] : [...constraint.axes.keras] };
  });
  return {
    ...plan,
    parameters,
    layers: lowerLayers(plan),
    update: { ...plan.update, parameters: plan.update.parameters.map((update) => lowerUpdate(plan, update)) },
    constraints,
    workers: planWorkers(plan),
  };
}
