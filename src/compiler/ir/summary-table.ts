/**
 * `mlpc inspect`: a Keras model.summary()-like table with the columns regularization needs
 * (regularizers, constraints, dropout rate), then totals and the data and training setup.
 */
import { dataTargetsText, lossSummaryLines } from './loss-summary.js';
import { foldedLayers, inputsNote, isFoldedInstance, parameterLines, withoutPositionEmbeddings } from './parameter-summary.js';
import type { LayerIR, ModelIR, ParameterIR } from './types.js';
import { describeMomentumRamp, describeSchedule } from './describe-schedule.js';

const number = (value: number): string => value.toLocaleString('en-US');

function batchShape(shape: readonly number[]): string {
  return `(None, ${shape.join(', ')})`;
}

/** What a row needs: the parameter table and, once the training section lowered, the optimizer (adamw's decay). */
export interface TableModel {
  parameters: readonly ParameterIR[];
  training?: Pick<ModelIR['training'], 'optimizer'>;
}

function regularizerLines(parameters: readonly ParameterIR[], model: TableModel): string[] {
  const lines: string[] = [];
  const optimizer = model.training?.optimizer;
  for (const parameter of parameters) {
    for (const regularizer of parameter.regularizers) {
      const aware = regularizer.dropoutAware?.masks.length ? ` dropout-aware (E: ${regularizer.lambda * regularizer.dropoutAware.expectedScale})` : '';
      lines.push(`${parameter.param} ${regularizer.kind} ${regularizer.lambda}${aware}`);
    }
    if (parameter.weightDecay && optimizer?.type === 'adamw') lines.push(`${parameter.param} decay ${optimizer.weightDecay} (adamw)`);
  }
  return lines;
}

function constraintLines(parameters: readonly ParameterIR[]): string[] {
  return parameters.flatMap((parameter) =>
    parameter.constraints.map((constraint) => `${parameter.param} ${constraint.kind}${constraint.kind === 'max_norm' ? ` ${constraint.maxValue}` : ''}`),
  );
}

function layerType(layer: LayerIR): string {
  const activation = 'activation' in layer && layer.activation !== 'linear' ? `, ${layer.activation}` : '';
  const recurrent = layer.type === 'lstm' || layer.type === 'gru';
  const stacked = (recurrent && layer.layers > 1 ? `, ${layer.layers} layers` : '') + (recurrent && layer.bidirectional ? ', bidirectional' : '');
  return `${layer.name} (${layer.type}${activation}${stacked})`;
}

/** A dropout layer's rate; an lstm's dropout between its stacked layers (none with one layer: nn.LSTM's) and its other placements; an embedding's row dropout. */
function dropoutOf(layer: LayerIR): string {
  if (layer.type === 'dropout') return String(layer.rate);
  if (layer.type === 'embedding' && layer.rowDropout > 0) return `${layer.rowDropout} rows`;
  if (layer.type === 'lstm' || layer.type === 'gru') {
    // docs/spec-v2.md#recurrent-dropout: between layers (PyTorch), variational (Gal), weight drop (AWD-LSTM).
    const parts: string[] = [];
    if (layer.dropout > 0) parts.push(layer.layers > 1 ? `${layer.dropout} between layers` : `${layer.dropout} (none: 1 layer)`);
    if (layer.placements.inputDropout > 0) parts.push(`input ${layer.placements.inputDropout}`);
    if (layer.placements.recurrentDropout > 0) parts.push(`recurrent ${layer.placements.recurrentDropout}`);
    if (layer.placements.weightDrop > 0) parts.push(`weight drop ${layer.placements.weightDrop}`);
    return parts.join(', ');
  }
  return '';
}

function rowsOf(layer: LayerIR, model: TableModel, note = ''): string[][] {
  const parameters = model.parameters.filter((parameter) => parameter.layer === layer.name);
  const count = parameters.reduce((sum, parameter) => sum + parameter.count, 0);
  const columns = [
    [`${layerType(layer)}${note}${layer.type === 'dense' && layer.tiedKernel ? ` kernel = ${layer.tiedKernel}ᵀ` : ''}`],
    [batchShape(layer.outputShape)],
    [number(count)],
    regularizerLines(parameters, model),
    constraintLines(parameters),
    [dropoutOf(layer)],
  ];
  const height = Math.max(...columns.map((column) => column.length));
  return Array.from({ length: height }, (_, row) => columns.map((column) => column[row] ?? ''));
}

const HEADER = ['Layer (type)', 'Output Shape', 'Param #', 'Regularizers', 'Constraints', 'Dropout'];

function learningRateText(ir: ModelIR): string {
  const rate = ir.training.optimizer.learningRate;
  if (rate.kind === 'warmup_cosine') return `lr ${rate.initial}, warmup ${rate.warmupSteps}, cosine to ${rate.minimum} at ${rate.decaySteps}`;
  const optimizer = ir.training.optimizer;
  const momentum = optimizer.type === 'sgd' && optimizer.momentumRamp ? `, ${describeMomentumRamp(optimizer.momentumRamp, String)}` : '';
  return `${rate.kind === 'constant' ? `lr ${rate.value}` : describeSchedule(rate, String, 'x')}${momentum}`;
}

interface Table {
  width: number;
  line(cells: readonly string[]): string;
}

function tableOf(rows: readonly string[][][]): Table {
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.flat().map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    ` ${cells.map((cell, column) => (column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('   ')}`.trimEnd();
  const width = widths.reduce((sum, w) => sum + w, 0) + 3 * (widths.length - 1) + 2;
  return { width, line };
}

/** One layer's row(s) under the table's header, as `mlpc inspect` prints them (the language server's hover). */
export function layerTable(model: TableModel, layer: LayerIR): string {
  const rows = rowsOf(layer, model);
  const { line, width } = tableOf([rows]);
  return `${[line(HEADER), '='.repeat(width), ...rows.map(line)].join('\n')}\n`;
}

/** A row standing for instances 1..N-1 of a block: the same layers as instance 0, their own parameters. */
function foldedRow(ir: ModelIR, block: string): string[][] {
  const layers = foldedLayers(ir.layers, block);
  const names = new Set(layers.map((layer) => layer.name));
  const count = ir.parameters.filter((parameter) => names.has(parameter.layer)).reduce((sum, parameter) => sum + parameter.count, 0);
  const instances = [...new Set(layers.map((layer) => layer.block?.instance ?? 0))];
  const last = layers[layers.length - 1];
  const [first, end] = [instances[0], instances[instances.length - 1]];
  const title = `${first === end ? `${block}.${first}` : `${block}.${first} .. ${block}.${end}`} (as ${block}.0)`;
  return [[title, last ? batchShape(last.outputShape) : '', number(count), '', '', '']];
}

export function summaryTable(ir: ModelIR): string {
  const rows: string[][][] = [];
  for (const layer of ir.layers) {
    if (!isFoldedInstance(layer)) rows.push(rowsOf(layer, ir, inputsNote(ir.layers, layer)));
    else if (layer.block?.instance === 1 && layer.block.local === ir.layers.find((l) => l.block?.name === layer.block?.name)?.block?.local) {
      rows.push(foldedRow(ir, layer.block.name));
    }
  }
  const { line, width } = tableOf(rows);
  const parts = [`Model: "${ir.name}"`, ...(ir.description ? [ir.description] : []), '_'.repeat(width), line(HEADER), '='.repeat(width)];
  rows.forEach((layerRows, index) => {
    parts.push(...layerRows.map(line));
    parts.push(index === rows.length - 1 ? '='.repeat(width) : '_'.repeat(width));
  });
  const { totals, training, data } = ir;
  const megabytes = ((totals.trainable + totals.nonTrainable) * 4) / 1024 / 1024;
  parts.push(
    `Total params: ${number(totals.trainable + totals.nonTrainable)} (${megabytes.toFixed(2)} MB)`,
    `Trainable params: ${number(totals.trainable)}`,
    `Non-trainable params: ${number(totals.nonTrainable)}`,
    `Penalized params: ${number(totals.penalized)} (L1/L2 terms in the loss)`,
    ...[withoutPositionEmbeddings(ir)].filter((text): text is string => text !== undefined),
    '',
    `Input: ${batchShape(ir.input.shape)}`,
    `Data: ${data.source}, ${dataTargetsText(ir)}, train ${number(data.train)} / validation ${number(data.validation)} / test ${number(data.test)}`,
    `Training: ${training.loss}, ${training.optimizer.type} ${learningRateText(ir)}, batch ${training.batchSize}, ` +
      `${number(training.steps)} steps${training.epochs ? ` (${training.epochs} epochs)` : ''}, eval every ${number(training.evalEvery)}, seed ${training.seed}`,
    ...lossSummaryLines(ir),
  );
  parts.push('', 'Parameters (shape, count, weight decay and the rule that decided, L1/L2 and constraints with their spec lines):', ...parameterLines(ir));
  return `${parts.join('\n')}\n`;
}
