/**
 * What the loss compares the output with: the labels (classification, as before), the data's target
 * columns (regression, multi-label), or the input itself (reconstruction); the output shape each needs,
 * huber's δ and the class weights. Semantics and sources: docs/spec-v1.md, "Losses and targets".
 */
import type { LowerContext } from './lower-context.js';
import { describeLayerIR } from './check-model.js';
import { product, showShape } from './shapes.js';
import type { DataIR, LayerIR, LossType, Shape, TrainingIR } from './types.js';

/** Losses on real values, defined element by element: they take target columns or the input. */
const ELEMENTWISE: ReadonlySet<LossType> = new Set(['mean_squared_error', 'mean_absolute_error', 'huber', 'binary_cross_entropy']);
/** Losses that weigh examples by their class. */
const CLASS_WEIGHTED: ReadonlySet<LossType> = new Set(['softmax_cross_entropy', 'sigmoid_cross_entropy', 'binary_cross_entropy']);

/**
 * csv `labels: [t0, ..., t(steps-1)]`: one integer class per position of a [steps, classes] output (a
 * tagger), softmax cross-entropy at every position, the mean over batch × positions (Keras
 * SparseCategoricalCrossentropy on [batch, steps, classes] logits; torch F.cross_entropy on the logits
 * reshaped to [batch·steps, classes]). Labels outside 0..classes-1 are the data's error, reported by the
 * generated script at the csv line.
 */
function lowerPositionLabels(training: TrainingIR, data: DataIR, positions: readonly string[], layers: readonly LayerIR[], context: LowerContext): void {
  const spec = context.spec.training;
  const labelsAt = { message: 'label columns (data.labels)', location: context.source.locate(['data', 'labels']) };
  if (spec.target === 'input') {
    context.error('target-input', ['training', 'target'], 'training.target: input reconstructs the input; the csv labels would go unused', { related: [labelsAt] });
    return;
  }
  training.target = 'positions';
  if (training.loss !== 'softmax_cross_entropy') {
    context.error('loss-target', ['training', 'loss'], `training.loss: data.labels gives one class per position: use softmax_cross_entropy (at every position), not ${training.loss}`, { related: [labelsAt] });
    return;
  }
  if (spec.label_smoothing !== undefined && spec.label_smoothing > 0) {
    context.error('loss-field', ['training', 'label_smoothing'], 'training.label_smoothing is not supported with one label per position (data.labels)', { atKey: true });
  }
  if (spec.class_weight !== undefined) {
    context.error('class-weight', ['training', 'class_weight'], 'training.class_weight is not supported with one label per position (data.labels)', { atKey: true });
  }
  const last = layers[layers.length - 1];
  if (!last) return;
  const shape = last.outputShape;
  const steps = positions.length;
  const plural = steps === 1 ? '' : 's';
  if (shape.length !== 2) {
    context.error('output-mismatch', last.ref.path, `${describeLayerIR(last)}: the model's output is ${showShape(shape)}, but data.labels names ${steps} position${plural}, so it must be [${steps}, classes]: one row of logits per position (a conv1d with kernel_size: 1 as the head, no flatten)`, {
      related: [labelsAt],
    });
    return;
  }
  if (shape[0] !== steps) {
    context.error('output-mismatch', ['data', 'labels'], `data.labels names ${steps} column${plural}, but the model's output ${showShape(shape)} has ${shape[0]} positions: one label column per position, in position order`, {
      related: [{ message: `the output, ${describeLayerIR(last)}`, location: context.source.locate(last.ref.path) }],
    });
  }
  if (shape[1] < 2) {
    context.error('output-mismatch', last.ref.path, `${describeLayerIR(last)}: the model's output is ${showShape(shape)}: softmax cross-entropy per position needs at least 2 classes (logits) per position`);
  } else if (data.classes !== shape[1]) {
    context.error('output-mismatch', ['data', 'classes'], `data.classes is ${data.classes}, but the model's output ${showShape(shape)} has ${shape[1]} logits per position`, {
      related: [{ message: `the output, ${describeLayerIR(last)}`, location: context.source.locate(last.ref.path) }],
    });
  }
}

/** Whether the loss is one the label-based output check (checkOutput) cannot judge. */
export function hasRealTargets(training: TrainingIR): boolean {
  return training.target !== undefined;
}

/** Sets training.target, huberDelta and classWeight, and checks them against the data and the output. */
export function lowerTargets(training: TrainingIR, data: DataIR, layers: readonly LayerIR[], inputShape: Shape, context: LowerContext): void {
  const spec = context.spec.training;
  const loss = training.loss;
  const columns = data.source === 'csv' ? data.targets : undefined;
  const positions = data.source === 'csv' ? data.labels : undefined;
  if (data.source === 'csv') {
    const given = (['label', 'targets', 'labels'] as const).filter((key) => data[key] !== undefined);
    if (given.length !== 1) {
      const both = given.length > 1;
      context.error(
        'csv-target',
        ['data', both ? given[1] : 'source'],
        both
          ? `data: give one of label, targets or labels, not ${given.join(' and ')}`
          : 'data: a csv source needs a label column (label: NAME), target columns (targets: [NAME, ...]) or one label column per position (labels: [NAME, ...])',
        { atKey: both },
      );
      return;
    }
  }
  if (positions !== undefined) {
    lowerPositionLabels(training, data, positions, layers, context);
    return;
  }
  if (spec.target === 'input') {
    if (columns !== undefined) {
      context.error('target-input', ['training', 'target'], 'training.target: input reconstructs the input; the csv targets would go unused', {
        related: [{ message: 'target columns', location: context.source.locate(['data', 'targets']) }],
      });
      return;
    }
    training.target = 'input';
  } else if (columns !== undefined) training.target = 'columns';

  if (spec.huber_delta !== undefined) {
    if (loss === 'huber') training.huberDelta = spec.huber_delta;
    else context.error('loss-field', ['training', 'huber_delta'], `training.huber_delta applies to huber, not ${loss}`, { atKey: true });
  } else if (loss === 'huber') training.huberDelta = 1;

  if (training.target !== undefined) {
    if (!ELEMENTWISE.has(loss)) {
      const what = training.target === 'input' ? 'target: input' : 'target columns (data.targets)';
      context.error('loss-target', ['training', 'loss'], `training.loss: ${loss} compares logits with class labels; ${what} need a loss on values: mean_squared_error, mean_absolute_error, huber or binary_cross_entropy`);
      return;
    }
    const units = training.target === 'input' ? product(inputShape) : (columns?.length ?? 0);
    const last = layers[layers.length - 1];
    if (last && (last.outputShape.length !== 1 || last.outputShape[0] !== units)) {
      const why = training.target === 'input' ? `target: input compares it with the ${showShape(inputShape)} input flattened` : `data.targets names ${units} column${units === 1 ? '' : 's'}`;
      context.error('output-mismatch', last.ref.path, `${describeLayerIR(last)}: the model's output is ${showShape(last.outputShape)}, but ${why}, so it must be [${units}]`, {
        related: [{ message: 'target chosen here', location: context.source.locate(training.target === 'input' ? ['training', 'target'] : ['data', 'targets']) }],
      });
    }
  }

  if (spec.class_weight !== undefined) {
    if (training.target !== undefined || !CLASS_WEIGHTED.has(loss)) {
      context.error('class-weight', ['training', 'class_weight'], `training.class_weight weighs examples by their label: it applies to softmax_cross_entropy, sigmoid_cross_entropy and binary_cross_entropy on labels, not ${loss}${training.target === undefined ? '' : ` with target ${training.target}`}`, { atKey: true });
    } else if (spec.class_weight.length !== data.classes) {
      context.error('class-weight', ['training', 'class_weight'], `training.class_weight has ${spec.class_weight.length} weights, but the data has ${data.classes} classes (one weight per class, in class order)`);
    } else {
      training.classWeight = [...spec.class_weight];
      training.classWeightRef = context.ref(['training', 'class_weight']);
    }
  }
}
