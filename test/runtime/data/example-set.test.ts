import { describe, expect, it } from 'vitest';
import { checkSplitsFitModel, gatherExampleSet } from '../../../src/runtime/data/example-set.js';
import { makeSynthetic } from '../../../src/runtime/data/synthetic.js';
import { catchDataError } from './catch-data-error.js';

describe('gatherExampleSet', () => {
  it('copies the chosen rows in order, scaled, with their labels', () => {
    const pool = [0, 1, 10, 11, 20, 21, 30, 31];
    const set = gatherExampleSet(pool, [5, 6, 7, 8], [2], Uint32Array.of(3, 0, 2, 1), 1, 2, 0.5);
    expect(Array.from(set.features)).toEqual([0, 0.5, 10, 10.5]);
    expect(Array.from(set.labels)).toEqual([5, 7]);
    expect(set.count).toBe(2);
  });
});

describe('checkSplitsFitModel', () => {
  const splits = makeSynthetic({ examples: 100, features: 5, classes: 3, train: 100, validation: 0, test: 0, seed: 1 });

  it('accepts data that fits, including fewer classes than outputs', () => {
    expect(() => checkSplitsFitModel(splits, { featureSize: 5, classes: 3 }, 'specs/x.yaml data')).not.toThrow();
    expect(() => checkSplitsFitModel(splits, { featureSize: 5, classes: 10 }, 'specs/x.yaml data')).not.toThrow();
  });

  it('refuses labels past the model classes and a wrong feature count', () => {
    expect(catchDataError(() => checkSplitsFitModel(splits, { featureSize: 5, classes: 2 }, 'data.csv')).message).toBe(
      'data.csv: labels go up to 2, but the model has only 2 classes (labels 0..1)',
    );
    expect(catchDataError(() => checkSplitsFitModel(splits, { featureSize: 784, classes: 3 }, 'data.csv')).message).toBe(
      "data.csv: examples have 5 features, but the model's input takes 784",
    );
  });
});
