/**
 * What a condition is, read from its IR, as short texts per aspect (regularization, dropout,
 * constraints, optimizer, ...). The report shows as columns the aspects that differ between
 * conditions and lists the rest once as common to all.
 */
import type { ConstraintIR, LayerIR, LearningRateIR, ModelIR, OptimizerIR, ParameterIR, RegularizerIR } from '../compiler/ir/types.js';
import { describeMomentumRamp, describeSchedule } from '../compiler/ir/describe-schedule.js';

export const aspectNames = [
  'regularization',
  'dropout',
  'constraints',
  'optimizer',
  'architecture',
  'initialization',
  'training',
  'data',
] as const;
export type Aspect = (typeof aspectNames)[number];
export type ConditionDescription = Record<Aspect, string>;

export function formatNumber(value: number): string {
  return Number.parseFloat(value.toPrecision(4)).toString();
}

/** "all kernels", "all biases", "all parameters" when a group covers a whole class, else the ids. */
function nameParameters(group: readonly ParameterIR[], all: readonly ParameterIR[]): string {
  const trainable = all.filter((p) => p.trainable);
  const ids = new Set(group.map((p) => p.id));
  const covers = (subset: ParameterIR[]) => subset.length > 0 && subset.length === ids.size && subset.every((p) => ids.has(p.id));
  if (covers(trainable)) return 'all parameters';
  if (covers(trainable.filter((p) => p.param === 'kernel'))) return 'all kernels';
  if (covers(trainable.filter((p) => p.param === 'bias'))) return 'all biases';
  return group.map((p) => p.id).join(', ');
}

function groupByText(parameters: readonly ParameterIR[], textOf: (p: ParameterIR) => string): string {
  const groups = new Map<string, ParameterIR[]>();
  for (const parameter of parameters) {
    const text = textOf(parameter);
    if (text === '') continue;
    groups.set(text, [...(groups.get(text) ?? []), parameter]);
  }
  if (groups.size === 0) return 'none';
  return [...groups].map(([text, group]) => `${text} on ${nameParameters(group, parameters)}`).join('; ');
}

const regularizerText = (r: RegularizerIR) =>
  `${r.kind.toUpperCase()} ${formatNumber(r.lambda)}${r.dropoutAware && r.dropoutAware.masks.length > 0 ? ' dropout-aware' : ''}`;
const constraintText = (c: ConstraintIR) => (c.kind === 'max_norm' ? `max-norm ${formatNumber(c.maxValue)}` : c.kind.replace('_', '-'));

/** The recurrent placements an lstm/gru may carry (docs/spec-v2.md#recurrent-dropout); read structurally. */
interface RecurrentDropouts {
  placements?: { inputDropout?: number; recurrentDropout?: number; weightDrop?: number };
}

/** A recurrent layer's own dropout: between its stacked layers, variational (Gal), weight drop. */
function recurrentDropoutParts(layer: LayerIR): string[] {
  if (layer.type !== 'lstm' && layer.type !== 'gru') return [];
  const parts: string[] = [];
  if (layer.dropout > 0) parts.push(`${formatNumber(layer.dropout)} between ${layer.name}'s layers`);
  const placements = (layer as unknown as RecurrentDropouts).placements;
  if (placements?.inputDropout) parts.push(`${formatNumber(placements.inputDropout)} on ${layer.name}'s inputs (per sequence)`);
  if (placements?.recurrentDropout) parts.push(`${formatNumber(placements.recurrentDropout)} on ${layer.name}'s h(t−1) (per sequence)`);
  if (placements?.weightDrop) parts.push(`weight drop ${formatNumber(placements.weightDrop)} on ${layer.name}'s recurrent kernels`);
  return parts;
}

function describeDropout(layers: readonly LayerIR[]): string {
  const parts: string[] = [];
  layers.forEach((layer, i) => {
    parts.push(...recurrentDropoutParts(layer));
    if (layer.type !== 'dropout') return;
    const before = layers.slice(0, i).reverse().find((l) => l.type !== 'dropout');
    parts.push(`${formatNumber(layer.rate)} ${before ? `after ${before.name}` : 'on the input'}`);
  });
  return parts.length ? parts.join(', ') : 'none';
}

function describeLearningRate(rate: LearningRateIR): string {
  if (rate.kind === 'constant') return `lr ${formatNumber(rate.value)}`;
  if (rate.kind === 'warmup_cosine') {
    return `lr ${formatNumber(rate.initial)}, warmup ${rate.warmupSteps}, cosine to ${formatNumber(rate.minimum)} at ${rate.decaySteps}`;
  }
  return describeSchedule(rate, formatNumber, '×');
}

export function describeOptimizer(optimizer: OptimizerIR): string {
  const lr = describeLearningRate(optimizer.learningRate);
  switch (optimizer.type) {
    case 'sgd':
      if (optimizer.momentumRamp) return `SGD ${lr}, ${describeMomentumRamp(optimizer.momentumRamp, formatNumber)}${optimizer.nesterov ? ' (Nesterov)' : ''}`;
      return `SGD ${lr}${optimizer.momentum ? `, momentum ${formatNumber(optimizer.momentum)}` : ''}${optimizer.nesterov ? ' (Nesterov)' : ''}`;
    case 'adam':
      return `Adam ${lr}`;
    case 'adamw':
      return `AdamW ${lr}, weight decay ${formatNumber(optimizer.weightDecay)}${optimizer.exclude.length ? ` (not ${optimizer.exclude.join(', ')})` : ''}`;
    case 'rmsprop':
      return `RMSprop ${lr}, rho ${formatNumber(optimizer.rho)}${optimizer.momentum ? `, momentum ${formatNumber(optimizer.momentum)}` : ''}`;
    case 'adadelta':
      return `Adadelta ${lr}, rho ${formatNumber(optimizer.rho)}, epsilon ${formatNumber(optimizer.epsilon)}`;
  }
}

function describeLayer(layer: LayerIR): string {
  switch (layer.type) {
    case 'dense':
      return `${layer.units}${layer.activation === 'linear' ? '' : ` ${layer.activation}`}`;
    case 'conv2d':
      return `conv ${layer.filters}×${layer.kernelSize.join('×')}${layer.activation === 'linear' ? '' : ` ${layer.activation}`}`;
    case 'conv1d':
      return `conv1d ${layer.filters}×${layer.kernelSize}${layer.activation === 'linear' ? '' : ` ${layer.activation}`}`;
    case 'max_pool2d':
      return `max-pool ${layer.poolSize.join('×')}`;
    case 'average_pool2d':
      return `avg-pool ${layer.poolSize.join('×')}`;
    case 'global_average_pool2d':
    case 'global_average_pool1d':
      return 'global avg-pool';
    case 'global_max_pool1d':
    case 'global_max_pool2d':
      return 'global max-pool';
    case 'average_pool1d':
      return `avg-pool ${layer.poolSize}`;
    case 'max_pool1d':
      return `max-pool ${layer.poolSize}`;
    case 'batch_norm':
      return 'batch-norm';
    case 'activation':
      return layer.activation;
    case 'flatten':
      return 'flatten';
    case 'dropout':
      return '';
    default:
      return layer.type;
  }
}

function describeInit(parameter: ParameterIR): string {
  const { type, args } = parameter.init;
  const shown = Object.entries(args).map(([k, v]) => `${k} ${formatNumber(v)}`);
  return shown.length ? `${type} (${shown.join(', ')})` : type;
}

export function describeCondition(ir: ModelIR): ConditionDescription {
  const { training, data } = ir;
  return {
    regularization: groupByText(ir.parameters, (p) => p.regularizers.map(regularizerText).join(' + ')),
    dropout: describeDropout(ir.layers),
    constraints: groupByText(ir.parameters, (p) => p.constraints.map(constraintText).join(' + ')),
    optimizer: describeOptimizer(training.optimizer),
    architecture: [ir.input.shape.join('×'), ...ir.layers.map(describeLayer).filter((t) => t !== '')].join(' → '),
    initialization: groupByText(
      ir.parameters.filter((p) => p.trainable),
      describeInit,
    ),
    training: `${training.loss}, batch ${training.batchSize}, ${training.steps} steps, validation every ${training.evalEvery}`,
    data: `${data.source}: ${data.train} train / ${data.validation} validation / ${data.test} test examples`,
  };
}

/** Aspects whose text is not the same for every condition, in aspectNames order. */
export function differingAspects(descriptions: readonly ConditionDescription[]): Aspect[] {
  return aspectNames.filter((aspect) => new Set(descriptions.map((d) => d[aspect])).size > 1);
}
