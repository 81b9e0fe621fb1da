/**
 * Example sets uploaded once to the backend: features reshaped to the model's input, the loss's
 * targets, and the integer labels accuracy is counted against.
 */
import * as tf from '@tensorflow/tfjs';
import { type ExampleSet, featureSizeOf } from './data/example-set.js';

/**
 * one_hot: softmax cross-entropy and per-class mean squared error; column: one output unit on the label;
 * columns: the set's real-valued target columns; input: the example's features, flattened (reconstruction);
 * positions: one integer class label per position (csv `labels:`, a tagger), [count, steps] as floats.
 */
export type TargetEncoding = 'one_hot' | 'column' | 'columns' | 'input' | 'positions';

function targetTensor(set: ExampleSet, labels: tf.Tensor1D, classes: number, encoding: TargetEncoding): tf.Tensor2D {
  switch (encoding) {
    case 'one_hot':
      return tf.cast(tf.oneHot(labels, classes), 'float32') as tf.Tensor2D;
    case 'column':
      return tf.cast(tf.reshape(labels, [set.count, 1]), 'float32') as tf.Tensor2D;
    case 'columns':
    case 'positions': {
      if (set.targetValues === undefined) throw new Error('the data has no target columns');
      return tf.tensor2d(set.targetValues.values, [set.count, set.targetValues.columns], 'float32');
    }
    case 'input':
      return tf.tensor2d(set.features, [set.count, featureSizeOf(set.featureShape)], 'float32');
  }
}

export interface ExampleTensors {
  x: tf.Tensor;
  targets: tf.Tensor2D;
  labels: tf.Tensor1D;
  count: number;
}

export function uploadExamples(
  set: ExampleSet,
  inputShape: number[],
  classes: number,
  encoding: TargetEncoding,
): ExampleTensors {
  const labels = tf.tensor1d(set.labels, 'int32');
  const targets = tf.tidy(() => targetTensor(set, labels, classes, encoding));
  return { x: tf.tensor(set.features, [set.count, ...inputShape], 'float32'), targets, labels, count: set.count };
}

export function disposeExamples(examples: ExampleTensors): void {
  tf.dispose([examples.x, examples.targets, examples.labels]);
}

/**
 * The examples at `indices`, as a batch (call inside tf.tidy). gatherND with [n, 1] row indices, not
 * tf.gather: on wasm GatherV2 walks the output element by element (2.3 ms for 128 rows of 784) where
 * GatherNd copies whole rows (0.19 ms), the same values.
 */
export function gatherBatch(examples: ExampleTensors, indices: Int32Array): { x: tf.Tensor; targets: tf.Tensor2D } {
  const rows = tf.tensor2d(indices, [indices.length, 1], 'int32');
  return { x: tf.gatherND(examples.x, rows), targets: tf.gatherND(examples.targets, rows) as tf.Tensor2D };
}
