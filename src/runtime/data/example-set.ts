/**
 * The shapes every data loader returns, and the one error type they throw.
 *
 * Data modules are runtime code: the build bundles them with the rest of src/runtime into one module
 * (relative imports stripped), so they import only Node built-ins and sibling files, keep no
 * module-level mutable state, and declare names that are unique across all runtime code.
 */

/** A set of examples stored row-major: example i occupies features[i * size, (i + 1) * size). */
export interface ExampleSet {
  features: Float32Array;
  /** Class index per example, 0..classes-1. */
  labels: Int32Array;
  count: number;
  /** Shape of one example as the source stores it: [784] for MNIST digits, [28, 28] for IDX images. */
  featureShape: number[];
  /** Real-valued targets row-major, `columns` per example (csv `targets:`); labels are then all 0. */
  targetValues?: { values: Float32Array; columns: number };
}

/** Three disjoint example sets; classes = number of label values (labels are 0..classes-1). */
export interface DataSplits {
  train: ExampleSet;
  validation: ExampleSet;
  test: ExampleSet;
  classes: number;
}

/**
 * A missing or malformed data file, or example counts the source cannot supply. The message names
 * the file and what is wrong; generated scripts print it (no stack trace) and exit with code 2.
 */
export class DataError extends Error {
  /** The data file at fault, when there is one. */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.name = 'DataError';
    this.file = file;
  }
}

/** Example counts requested by the spec's `data:` section. */
export interface SplitCounts {
  train: number;
  validation: number;
  test: number;
}

/** Throws a DataError unless every count is a non-negative integer. */
export function checkSplitCounts(counts: Partial<SplitCounts>, source: string): void {
  for (const name of ['train', 'validation', 'test'] as const) {
    const value = counts[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new DataError(`${source}: ${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
}

/**
 * Throws a DataError unless every example has `featureSize` features and every label is below
 * `classes`: a label past the model's output units would otherwise one-hot to all zeros, silently.
 */
export function checkSplitsFitModel(splits: DataSplits, model: { featureSize: number; classes: number }, source: string): void {
  const featureSize = featureSizeOf(splits.train.featureShape);
  if (featureSize !== model.featureSize) {
    throw new DataError(`${source}: examples have ${featureSize} features, but the model's input takes ${model.featureSize}`);
  }
  if (splits.classes > model.classes) {
    throw new DataError(
      `${source}: labels go up to ${splits.classes - 1}, but the model has only ${model.classes} classes (labels 0..${model.classes - 1})`,
    );
  }
}

/** Number of features in one example of the given shape. */
export function featureSizeOf(featureShape: number[]): number {
  return featureShape.reduce((product, dim) => product * dim, 1);
}

/**
 * Copies the examples at `indices[start, start + count)` of a pool into a new ExampleSet, in that
 * order, multiplying every feature by `scale` (1/255 turns image bytes into 0..1).
 */
export function gatherExampleSet(
  poolFeatures: ArrayLike<number>,
  poolLabels: ArrayLike<number>,
  featureShape: number[],
  indices: Uint32Array,
  start: number,
  count: number,
  scale = 1,
): ExampleSet {
  const size = featureSizeOf(featureShape);
  const features = new Float32Array(count * size);
  const labels = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    const from = indices[start + row] * size;
    const to = row * size;
    if (scale === 1) {
      for (let k = 0; k < size; k++) features[to + k] = poolFeatures[from + k];
    } else {
      for (let k = 0; k < size; k++) features[to + k] = poolFeatures[from + k] * scale;
    }
    labels[row] = poolLabels[indices[start + row]];
  }
  return { features, labels, count, featureShape: [...featureShape] };
}
