/** planModel(ir): the IR's decisions for training code, made once (see ../plan.ts). */
import type { ModelIR } from '../../ir/types.js';
import type { LoopPlan, ModelPlan, SpecLine } from '../plan.js';
import { planData } from './data.js';
import { planActivityPenalties, planLoss } from './loss.js';
import { planLayers, planParameters } from './layers.js';
import { planConstraints, planMetrics, planPenalties, planUpdate } from './update.js';
import { specLine } from './spec-line.js';
import { modelTopology } from './topology.js';
import { planEarlyStopping } from './early-stopping.js';

/** Examples per evaluation batch: large enough to amortize op dispatch, small enough for conv activations. */
const evaluationBatchSize = 500;

/** Units of the last layer's output. */
export function outputUnits(ir: ModelIR): number {
  const last = ir.layers[ir.layers.length - 1];
  const shape = last ? last.outputShape : ir.input.shape;
  return shape[shape.length - 1];
}

/** The loop of a model trained on examples (a sequential model, or a graph on examples). */
export function planLoop(ir: ModelIR, line: SpecLine): LoopPlan {
  const training = ir.training;
  return {
    steps: training.steps,
    batchSize: training.batchSize,
    evalEvery: training.evalEvery,
    seed: training.seed,
    out: `runs/${ir.name}`,
    evaluationBatchSize,
    ...(training.earlyStopping === undefined ? {} : { earlyStopping: planEarlyStopping(ir, training.earlyStopping) }),
    line,
  };
}

export function planModel(ir: ModelIR): ModelPlan {
  const training = ir.training;
  const units = outputUnits(ir);
  const penalties = planPenalties(ir);
  const constraints = planConstraints(ir);
  const trainingLine = specLine(ir, training.ref.location.line);
  const layers = planLayers(ir);
  return {
    planVersion: 1,
    name: ir.name,
    ...(ir.description === undefined ? {} : { description: ir.description }),
    source: { file: ir.source.file, sha256: ir.source.sha256 },
    input: { shape: [...ir.input.shape] },
    parameters: planParameters(ir),
    layers,
    loss: planLoss(ir, units, trainingLine),
    penalties,
    activityPenalties: planActivityPenalties(ir),
    update: planUpdate(ir),
    constraints,
    data: planData(ir),
    loop: planLoop(ir, trainingLine),
    metrics: planMetrics(ir, constraints),
    topology: modelTopology(ir.name, ir.input.shape, layers),
  };
}
