/**
 * `source: synthetic`: Gaussian class clusters drawn from the seed, for tests and examples that must
 * not depend on any file. Each class has a centre with coordinates ~ N(0, 1); an example is its
 * class centre plus N(0, spread^2) noise per feature. Centres lie about sqrt(2 * features) apart, so
 * with the default spread (1) classes overlap in a few dimensions and separate in many: learnable by
 * a small network, whose loss falls steadily from ln(classes).
 */
import { DataError, checkSplitCounts, gatherExampleSet } from './example-set.js';
import type { DataSplits, SplitCounts } from './example-set.js';
import { approximateNormal, createSeededRandom, deriveSeed } from './seeded-random.js';

export interface SyntheticOptions extends SplitCounts {
  /** Total examples generated; train + validation + test must not exceed it. */
  examples: number;
  /** Features per example (featureShape = [features]). */
  features: number;
  /** Number of classes, at least 2. */
  classes: number;
  seed: number;
  /** Standard deviation of the noise around each class centre (default 1). */
  spread?: number;
}

/** Generates `examples` examples with balanced labels in seeded order; test first, then validation, then train. */
export function makeSynthetic(options: SyntheticOptions): DataSplits {
  checkSplitCounts(options, 'data source synthetic');
  const { examples, features, classes, seed } = options;
  const spread = options.spread ?? 1;
  for (const [name, value, minimum] of [['examples', examples, 1], ['features', features, 1], ['classes', classes, 2]] as const) {
    if (!(Number.isInteger(value) && value >= minimum)) {
      throw new DataError(`data source synthetic: ${name} must be an integer >= ${minimum}, got ${String(value)}`);
    }
  }
  const requested = options.train + options.validation + options.test;
  if (requested > examples) {
    throw new DataError(
      `data source synthetic: train ${options.train} + validation ${options.validation} + test ${options.test} = ` +
        `${requested} examples requested, but examples is ${examples}`,
    );
  }
  const centreRandom = createSeededRandom(deriveSeed(seed, 1));
  const centres = new Float64Array(classes * features);
  for (let k = 0; k < centres.length; k++) centres[k] = approximateNormal(centreRandom);

  // Examples are drawn independently (label uniform), so consecutive slices are already a random split,
  // and example i does not depend on `examples`.
  const noiseRandom = createSeededRandom(deriveSeed(seed, 2));
  const labelRandom = createSeededRandom(deriveSeed(seed, 3));
  const pool = new Float32Array(examples * features);
  const labels = new Int32Array(examples);
  for (let i = 0; i < examples; i++) {
    const label = Math.floor(labelRandom() * classes);
    labels[i] = label;
    for (let k = 0; k < features; k++) {
      pool[i * features + k] = centres[label * features + k] + spread * approximateNormal(noiseRandom);
    }
  }
  const order = new Uint32Array(examples);
  for (let i = 0; i < examples; i++) order[i] = i;
  const shape = [features];
  return {
    test: gatherExampleSet(pool, labels, shape, order, 0, options.test),
    validation: gatherExampleSet(pool, labels, shape, order, options.test, options.validation),
    train: gatherExampleSet(pool, labels, shape, order, options.test + options.validation, options.train),
    classes,
  };
}
