/**
 * planGraphModel(ir): the plan of a spec-v2 graph model (graph-types.ts). Parameters, penalties,
 * the update and constraints are planned as for every model; this adds the layers by scope (the top
 * level, and each repeated block once), ties, the decay rule of each parameter, and either the
 * language model's data and loop or, for examples, a sequential model's data, loss and loop.
 */
import type { LayerIR, ModelIR, ParamName } from '../../ir/types.js';
import type { PenaltyPlan } from '../plan.js';
import { specLine } from './spec-line.js';
import { planData as planExampleData, resolveDataPath } from './data.js';
import { planLoss } from './loss.js';
import { outputUnits, planLoop } from './plan-model.js';
import type { BlockPlan, GraphLayer, GraphModelPlan, GraphStep, SequenceDataPlan, SequencePenaltyPlan, WeightDecayPlan } from './graph-types.js';
import { planParameters } from './layers.js';
import { planConstraints, planMetrics, planPenalties, planUpdate } from './update.js';

const graphLayerTypes = new Set<LayerIR['type']>(['embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'lstm', 'gru', 'add', 'drop_path']);

/** Whether the model trains on text or token windows (a language model), not on examples. */
export function isLanguageModelData(ir: ModelIR): boolean {
  return ir.data.source === 'text' || ir.data.source === 'tokens';
}

/** Whether the spec needs the graph plan: v2 layers, blocks, named inputs, or sequence data. */
export function isGraphModel(ir: ModelIR): boolean {
  if (isLanguageModelData(ir)) return true;
  return ir.layers.some((layer, index) => {
    const previous = index === 0 ? 'input' : ir.layers[index - 1].name;
    return graphLayerTypes.has(layer.type) || layer.block !== undefined || layer.inputs.length !== 1 || layer.inputs[0] !== previous;
  });
}

/** Where a layer's output is seen from its scope: its local name, or the block it ends. */
interface Scope {
  /** `h.0.` for instance 0 of block h; '' at the top level. */
  prefix: string;
  /** Names of the layers in this scope (full dotted names). */
  members: Set<string>;
}

function localLayer(ir: ModelIR, layer: LayerIR, scope: Scope, outsideName: (name: string) => string): GraphLayer {
  const local = (name: string) => (scope.members.has(name) ? name.slice(scope.prefix.length) : outsideName(name));
  const params: Partial<Record<ParamName, string>> = {};
  for (const id of layer.params) {
    const parameter = ir.parameters.find((candidate) => candidate.id === id);
    if (!parameter) throw new Error(`internal: layer ${layer.name} lists unknown parameter ${id}`);
    params[parameter.param] = id.slice(scope.prefix.length);
  }
  const base = {
    name: layer.name.slice(scope.prefix.length),
    inputs: layer.inputs.map(local),
    inputShape: [...layer.inputShape],
    outputShape: [...layer.outputShape],
    params,
    line: specLine(ir, layer.ref.location.line),
  };
  switch (layer.type) {
    case 'embedding':
      return { ...base, type: 'embedding', vocabulary: layer.vocabulary, width: layer.width, rowDropout: layer.rowDropout };
    case 'position_embedding':
      return { ...base, type: 'position_embedding', length: layer.length, width: layer.width };
    case 'layer_norm':
      return { ...base, type: 'layer_norm', epsilon: layer.epsilon, useBias: layer.useBias };
    case 'causal_self_attention':
      return { ...base, type: 'causal_self_attention', heads: layer.heads, width: layer.width, useBias: layer.useBias, attentionDropout: layer.attentionDropout };
    case 'lstm':
    case 'gru':
      return {
        ...base,
        type: layer.type,
        units: layer.units,
        layers: layer.layers,
        bidirectional: layer.bidirectional,
        returnSequences: layer.returnSequences,
        dropout: layer.dropout,
        inputDropout: layer.placements.inputDropout,
        recurrentDropout: layer.placements.recurrentDropout,
        weightDrop: layer.placements.weightDrop,
      };
    case 'add':
      return { ...base, type: 'add' };
    case 'drop_path':
      return { ...base, type: 'drop_path', rate: layer.rate };
    case 'dense':
      return { ...base, type: 'dense', units: layer.units, activation: layer.activation, useBias: layer.useBias, ...(layer.tiedKernel ? { tiedKernel: layer.tiedKernel } : {}) };
    case 'dropout':
      return { ...base, type: 'dropout', rate: layer.rate };
    case 'activation':
      return { ...base, type: 'activation', activation: layer.activation };
    default:
      // graphObstacles (the PyTorch target's obstacles) refuse these before planning.
      throw new Error(`the graph plan does not support layer type ${layer.type}`);
  }
}

function planSteps(ir: ModelIR): { steps: GraphStep[]; blocks: BlockPlan[] } {
  // The last layer of a block's last instance is the block's output, seen from the top level by the block's name.
  const blockOutputs = new Map<string, string>();
  for (const layer of ir.layers) if (layer.block) blockOutputs.set(layer.name, layer.block.name);
  const lastOfBlock = new Map<string, string>();
  for (const layer of ir.layers) if (layer.block) lastOfBlock.set(layer.block.name, layer.name);
  const topLevelName = (name: string) => {
    const block = blockOutputs.get(name);
    if (block === undefined) return name;
    if (lastOfBlock.get(block) !== name) throw new Error(`internal: ${name} is read from outside block ${block} but is not its output`);
    return block;
  };
  const topLevel: Scope = { prefix: '', members: new Set(ir.layers.filter((layer) => !layer.block).map((layer) => layer.name)) };
  const steps: GraphStep[] = [];
  const blocks: BlockPlan[] = [];
  for (const layer of ir.layers) {
    if (!layer.block) {
      steps.push({ kind: 'layer', layer: localLayer(ir, layer, topLevel, topLevelName) });
      continue;
    }
    const { name, instance } = layer.block;
    if (instance !== 0 || blocks.some((block) => block.name === name)) continue;
    const prefix = `${name}.0.`;
    const members = ir.layers.filter((candidate) => candidate.block?.name === name && candidate.block.instance === 0);
    const scope: Scope = { prefix, members: new Set(members.map((member) => member.name)) };
    const instances = 1 + Math.max(...ir.layers.filter((candidate) => candidate.block?.name === name).map((candidate) => candidate.block!.instance));
    const line = specLine(ir, layer.ref.location.line);
    blocks.push({ name, instances, layers: members.map((member) => localLayer(ir, member, scope, () => 'input')), line });
    steps.push({ kind: 'block', block: name, instances, line });
  }
  return { steps, blocks };
}

function planData(ir: ModelIR): SequenceDataPlan {
  const data = ir.data;
  const base = { vocabulary: 0, evalSeed: ir.training.seed, line: specLine(ir, data.ref.location.line) };
  if (data.source === 'text') {
    const path = resolveDataPath(ir.source.file, data.path);
    return { ...base, source: 'text', path, level: data.level, trainFraction: data.trainFraction, blockSize: data.blockSize, vocabulary: data.vocabulary, evalBatches: data.evalBatches };
  }
  if (data.source === 'tokens') {
    const trainPath = resolveDataPath(ir.source.file, data.trainPath);
    const validationPath = resolveDataPath(ir.source.file, data.validationPath);
    return { ...base, source: 'tokens', trainPath, validationPath, dtype: data.dtype, blockSize: data.blockSize, vocabulary: data.vocabulary, evalBatches: data.evalBatches };
  }
  throw new Error(`the graph plan trains language models on text or tokens; data source ${data.source} is refused before planning`);
}

function planWeightDecay(ir: ModelIR): WeightDecayPlan[] {
  const optimizer = ir.training.optimizer;
  if (optimizer.type !== 'adamw') return [];
  return ir.parameters
    .filter((parameter) => parameter.trainable)
    .map((parameter) => {
      const origin = parameter.weightDecayOrigin;
      const rule = origin?.kind === 'exclude' ? origin.selector : 'weight_decay';
      const line = specLine(ir, (origin ?? { ref: optimizer.ref }).ref.location.line);
      return { parameter: parameter.id, decayed: parameter.weightDecay, rule, line };
    });
}

/** Penalty ids name a Python or TypeScript variable: `l2_h.0.fc_kernel` becomes `l2_h_0_fc_kernel`. */
function identifierIds(penalties: PenaltyPlan[]): PenaltyPlan[] {
  const used = new Set<string>();
  return penalties.map((penalty) => {
    const base = penalty.id.replace(/[^A-Za-z0-9_]/g, '_');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    return { ...penalty, id };
  });
}

/** AR and TAR of the top-level lstm and gru layers (graph-limits.ts refuses them inside blocks). */
function planSequencePenalties(ir: ModelIR): SequencePenaltyPlan[] {
  const found: SequencePenaltyPlan[] = [];
  for (const layer of ir.layers) {
    if ((layer.type !== 'lstm' && layer.type !== 'gru') || layer.block) continue;
    const { placements } = layer;
    const terms = [
      { kind: 'ar' as const, coefficient: placements.activationRegularization, ref: placements.refs.activation_regularization },
      { kind: 'tar' as const, coefficient: placements.temporalActivationRegularization, ref: placements.refs.temporal_activation_regularization },
    ];
    for (const term of terms) {
      if (term.coefficient <= 0 || term.ref === undefined) continue;
      found.push({ id: `${term.kind}_${layer.name.replace(/[^A-Za-z0-9_]/g, '_')}`, layer: layer.name, kind: term.kind, coefficient: term.coefficient, line: specLine(ir, term.ref.location.line) });
    }
  }
  return found;
}

export function planGraphModel(ir: ModelIR): GraphModelPlan {
  const constraints = planConstraints(ir);
  const trainingLine = specLine(ir, ir.training.ref.location.line);
  const { steps, blocks } = planSteps(ir);
  const base = {
    planVersion: 1 as const,
    kind: 'graph' as const,
    name: ir.name,
    ...(ir.description === undefined ? {} : { description: ir.description }),
    source: { file: ir.source.file, sha256: ir.source.sha256 },
    input: { shape: [...ir.input.shape] },
    parameters: planParameters(ir).map((parameter) => ({ ...parameter, weightName: parameter.id })),
    ties: ir.layers.flatMap((layer) => (layer.type === 'dense' && layer.tiedKernel ? [{ alias: `${layer.name}.kernel`, owner: layer.tiedKernel, layer: layer.name }] : [])),
    steps,
    blocks,
    penalties: identifierIds(planPenalties(ir)),
    sequencePenalties: planSequencePenalties(ir),
    update: planUpdate(ir),
    weightDecay: planWeightDecay(ir),
    constraints,
    metrics: planMetrics(ir, constraints),
  };
  if (!isLanguageModelData(ir)) {
    return {
      ...base,
      task: 'examples',
      loss: planLoss(ir, outputUnits(ir), trainingLine),
      data: planExampleData(ir),
      loop: { ...planLoop(ir, trainingLine), clipGradNorm: ir.training.clipGradNorm ?? null },
    };
  }
  return {
    ...base,
    task: 'language_model',
    loss: { kind: 'softmax_cross_entropy', labelSmoothing: ir.training.labelSmoothing, line: trainingLine },
    data: planData(ir),
    loop: {
      steps: ir.training.steps,
      batchSize: ir.training.batchSize,
      evalEvery: ir.training.evalEvery,
      seed: ir.training.seed,
      out: `runs/${ir.name}`,
      clipGradNorm: ir.training.clipGradNorm ?? null,
      line: trainingLine,
    },
  };
}
