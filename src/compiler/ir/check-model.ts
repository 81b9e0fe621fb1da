/** Whole-model checks after lowering: the output fits the loss and the classes, and the model fits in memory. */
import type { LowerContext } from './lower-context.js';
import { product, showShape } from './shapes.js';
import type { DataIR, LayerIR, ParameterIR, TrainingIR } from './types.js';

/** float32 weights plus gradient and two optimizer slots (Adam): 16 bytes a parameter; 100 M parameters is 1.6 GB. */
export const MAX_PARAMETERS = 100_000_000;
/** Largest activation tensor of one batch, in values (4 GB as float32). */
export const MAX_ACTIVATION_VALUES = 1_000_000_000;

/** `layer 3 (dense out)` by its place in model.layers; `block h, layer 2 (causal_self_attention h.0.attn)` inside a block. */
export function describeLayerIR(layer: LayerIR): string {
  const [, , top, , inner] = layer.ref.path;
  const own = `(${layer.type} ${layer.name})`;
  if (layer.block && typeof inner === 'number') return `block ${layer.block.name}, layer ${inner + 1} ${own}`;
  return `layer ${typeof top === 'number' ? top + 1 : layer.index + 1} ${own}`;
}

export function checkOutput(layers: readonly LayerIR[], data: DataIR, training: TrainingIR, context: LowerContext): void {
  const last = layers[layers.length - 1];
  if (!last) return;
  const path = last.ref.path;
  const shape = last.outputShape;
  const who = describeLayerIR(last);
  if (data.source === 'text' || data.source === 'tokens') {
    // An unreadable text has no vocabulary; its data.path error says why.
    if (data.classes > 0) checkSequenceOutput(last, who, data, training, context);
    return;
  }
  const expected =
    training.loss === 'sigmoid_cross_entropy' ? [1] : training.loss === 'softmax_cross_entropy' ? [data.classes] : shape.length === 1 && shape[0] === 1 ? [1] : [data.classes];
  if (shape.length !== 1 || shape[0] !== expected[0]) {
    const why =
      training.loss === 'sigmoid_cross_entropy'
        ? 'sigmoid_cross_entropy takes one output unit (the logit of class 1)'
        : `${training.loss} needs one output per class (${data.classes} classes)`;
    context.error('output-mismatch', path, `${who}: the model's output is ${showShape(shape)}, but ${why}, so it must be ${showShape(expected)}`, {
      related: [{ message: 'loss chosen here', location: context.source.locate(['training', 'loss']) }],
    });
  }
  if (training.loss === 'sigmoid_cross_entropy' && data.classes !== 2) {
    context.error('output-mismatch', ['training', 'loss'], `training.loss: sigmoid_cross_entropy is for two classes, but the data has ${data.classes}`);
  }
}

/** A language model predicts the next token at every position: [block_size, vocabulary] logits under softmax_cross_entropy. */
function checkSequenceOutput(last: LayerIR, who: string, data: DataIR, training: TrainingIR, context: LowerContext): void {
  if (training.loss !== 'softmax_cross_entropy') {
    context.error('output-mismatch', ['training', 'loss'], `training.loss: ${data.source} data predicts the next token: use softmax_cross_entropy, not ${training.loss}`);
    return;
  }
  const expected = [data.featureShape[0] ?? 0, data.classes];
  const shape = last.outputShape;
  if (shape.length === 2 && shape[0] === expected[0] && shape[1] === expected[1]) return;
  const units = last.type === 'dense' && shape[1] !== data.classes ? `; set units: ${data.classes}` : '';
  context.error(
    'output-mismatch',
    last.ref.path,
    `${who}: the model's output is ${showShape(shape)}, but next-token prediction over the data's vocabulary of ${data.classes} needs ${showShape(expected)} (one logit per token, per position)${units}`,
    { related: [{ message: 'data source', location: context.source.locate(['data']) }] },
  );
}

export function checkSize(layers: readonly LayerIR[], parameters: readonly ParameterIR[], batchSize: number, context: LowerContext): void {
  const total = parameters.reduce((sum, parameter) => sum + parameter.count, 0);
  if (total > MAX_PARAMETERS) {
    const biggest = layers.reduce((best, layer) => (layerCount(layer, parameters) > layerCount(best, parameters) ? layer : best));
    context.error(
      'too-large',
      biggest.ref.path,
      `the model has ${total.toLocaleString('en-US')} parameters (${formatBytes(total * 4)} as float32), more than the ${MAX_PARAMETERS.toLocaleString('en-US')} mlpc can train; layer ${biggest.index + 1} (${biggest.name}) alone has ${layerCount(biggest, parameters).toLocaleString('en-US')}`,
    );
  }
  for (const layer of layers) {
    const values = product(layer.outputShape) * batchSize;
    if (values > MAX_ACTIVATION_VALUES) {
      context.error(
        'too-large',
        layer.ref.path,
        `${describeLayerIR(layer)}: its output for one batch of ${batchSize} has ${values.toLocaleString('en-US')} values (${formatBytes(values * 4)}), more than fits in memory`,
      );
      return;
    }
  }
}

function layerCount(layer: LayerIR, parameters: readonly ParameterIR[]): number {
  return parameters.filter((parameter) => parameter.layer === layer.name).reduce((sum, parameter) => sum + parameter.count, 0);
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
