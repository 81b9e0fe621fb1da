import { describe, expect, it } from 'vitest';
import type { ExampleSet } from '../../../src/runtime/data/example-set.js';
import { makeSynthetic } from '../../../src/runtime/data/synthetic.js';
import { catchDataError } from './catch-data-error.js';

const options = { examples: 1200, features: 8, classes: 4, train: 800, validation: 200, test: 200, seed: 11 };

/** Accuracy on `set` of the nearest class mean of `train`: an independent check that the data is learnable. */
function nearestMeanAccuracy(train: ExampleSet, set: ExampleSet, classes: number): number {
  const size = train.featureShape[0];
  const means = new Float64Array(classes * size);
  const counts = new Float64Array(classes);
  for (let i = 0; i < train.count; i++) {
    counts[train.labels[i]]++;
    for (let k = 0; k < size; k++) means[train.labels[i] * size + k] += train.features[i * size + k];
  }
  for (let c = 0; c < classes; c++) for (let k = 0; k < size; k++) means[c * size + k] /= counts[c];
  let correct = 0;
  for (let i = 0; i < set.count; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let c = 0; c < classes; c++) {
      let distance = 0;
      for (let k = 0; k < size; k++) distance += (set.features[i * size + k] - means[c * size + k]) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [c, distance];
    }
    if (best === set.labels[i]) correct++;
  }
  return correct / set.count;
}

describe('makeSynthetic', () => {
  const splits = makeSynthetic(options);

  it('returns the requested counts and shapes, labels 0..classes-1, every class present', () => {
    expect([splits.train.count, splits.validation.count, splits.test.count]).toEqual([800, 200, 200]);
    expect(splits.train.featureShape).toEqual([8]);
    expect(splits.train.features.length).toBe(800 * 8);
    expect(splits.classes).toBe(4);
    const perClass = new Array<number>(4).fill(0);
    for (const label of splits.train.labels) perClass[label]++;
    expect(perClass.every((count) => count > 150 && count < 250)).toBe(true);
    expect(splits.train.features.every(Number.isFinite)).toBe(true);
  });

  it('is the same bit for bit for the same seed and different for another', () => {
    const again = makeSynthetic(options);
    expect(Array.from(again.train.features)).toEqual(Array.from(splits.train.features));
    expect(Array.from(again.test.labels)).toEqual(Array.from(splits.test.labels));
    const other = makeSynthetic({ ...options, seed: 12 });
    expect(Array.from(other.train.features)).not.toEqual(Array.from(splits.train.features));
  });

  it('is pinned (a change here changes every synthetic spec result)', () => {
    expect(Array.from(splits.train.labels.subarray(0, 8))).toEqual(PINNED_TRAIN_LABELS);
    expect(Array.from(splits.train.features.subarray(0, 3))).toEqual(PINNED_TRAIN_FEATURES);
  });

  it('is learnable but not trivial: nearest class mean beats chance by far, and the noise is real', () => {
    // chance is 0.25 with 4 classes
    const accuracy = nearestMeanAccuracy(splits.train, splits.test, 4);
    expect(accuracy).toBeGreaterThan(0.6);
    expect(accuracy).toBeLessThan(1);
    const wide = makeSynthetic({ ...options, features: 64 });
    expect(nearestMeanAccuracy(wide.train, wide.test, 4)).toBeGreaterThan(0.95);
  });

  it('refuses more examples than generated, and bad sizes', () => {
    expect(catchDataError(() => makeSynthetic({ ...options, train: 1000 })).message).toBe(
      'data source synthetic: train 1000 + validation 200 + test 200 = 1400 examples requested, but examples is 1200',
    );
    expect(catchDataError(() => makeSynthetic({ ...options, classes: 1 })).message).toBe(
      'data source synthetic: classes must be an integer >= 2, got 1',
    );
  });
});

const PINNED_TRAIN_LABELS = [3, 1, 3, 2, 3, 0, 2, 2];
const PINNED_TRAIN_FEATURES = [-1.069032907485962, 0.33593475818634033, 2.4689245223999023];
