import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExampleSet } from '../../../src/runtime/data/example-set.js';
import { DataError } from '../../../src/runtime/data/example-set.js';
import { loadMnist } from '../../../src/runtime/data/mnist.js';

// An independent read of the package's files: digit d's examples are 784-value slices of d.json's data.
const digitsDir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
const rawDigits = Array.from({ length: 10 }, (_, digit) => {
  const data = (JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8')) as { data: number[] }).data;
  return Float32Array.from(data);
});
const rowKey = (features: Float32Array, row: number) => features.subarray(row * 784, (row + 1) * 784).join(',');
/** For every distinct image in the package, the digits it is filed under and how many times it occurs. */
const rawImageIndex = new Map<string, number[]>();
rawDigits.forEach((pixels, digit) => {
  for (let row = 0; row < pixels.length / 784; row++) {
    const key = rowKey(pixels, row);
    rawImageIndex.set(key, [...(rawImageIndex.get(key) ?? []), digit]);
  }
});

/** Bitwise equality of two typed arrays (much faster than toEqual on 784,000 floats). */
function sameBits(a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function labelCounts(set: ExampleSet): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of set.labels) counts[label]++;
  return counts;
}

describe('loadMnist', () => {
  const splits = loadMnist({ train: 500, validation: 1000, test: 1000, seed: 1 });

  it('returns the requested counts, 784 features each, 10 classes', () => {
    expect([splits.train.count, splits.validation.count, splits.test.count]).toEqual([500, 1000, 1000]);
    expect(splits.train.features.length).toBe(500 * 784);
    expect(splits.test.labels.length).toBe(1000);
    expect(splits.train.featureShape).toEqual([784]);
    expect(splits.classes).toBe(10);
  });

  it('labels every example with the digit file its pixels come from', () => {
    for (const set of [splits.train, splits.validation, splits.test]) {
      for (let row = 0; row < set.count; row++) {
        expect(rawImageIndex.get(rowKey(set.features, row))).toContain(set.labels[row]);
      }
    }
  });

  it('keeps pixels in 0..1 and uses every digit in each split', () => {
    for (const set of [splits.train, splits.validation, splits.test]) {
      expect(set.features.reduce((a, b) => Math.min(a, b))).toBe(0);
      expect(set.features.reduce((a, b) => Math.max(a, b))).toBe(1);
      expect(labelCounts(set).every((count) => count > 0)).toBe(true);
    }
  });

  it('partitions all 10,000 digits into disjoint train, validation and test sets', () => {
    const all = loadMnist({ train: 6000, validation: 2000, test: 2000, seed: 3 });
    const seen = new Map<string, number>();
    for (const set of [all.train, all.validation, all.test]) {
      for (let row = 0; row < set.count; row++) {
        const key = rowKey(set.features, row);
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    // every image taken exactly as often as the package holds it: no example is in two splits
    expect(seen.size).toBe(rawImageIndex.size);
    for (const [key, digits] of rawImageIndex) expect(seen.get(key)).toBe(digits.length);
    const perDigit = rawDigits.map((pixels) => pixels.length / 784);
    const taken = [all.train, all.validation, all.test].map(labelCounts);
    expect(perDigit.map((_, digit) => taken[0][digit] + taken[1][digit] + taken[2][digit])).toEqual(perDigit);
    expect(perDigit.reduce((a, b) => a + b)).toBe(10_000);
  });

  it('is the same bit for bit for the same seed, different for another seed', () => {
    const again = loadMnist({ train: 500, validation: 1000, test: 1000, seed: 1 });
    for (const name of ['train', 'validation', 'test'] as const) {
      expect(sameBits(again[name].features, splits[name].features)).toBe(true);
      expect(sameBits(again[name].labels, splits[name].labels)).toBe(true);
    }
    const other = loadMnist({ train: 500, validation: 1000, test: 1000, seed: 2 });
    expect(sameBits(other.train.features, splits.train.features)).toBe(false);
    expect(sameBits(other.train.labels, splits.train.labels)).toBe(false);
  });

  it('keeps the test set when only train and validation sizes change', () => {
    const bigger = loadMnist({ train: 5000, validation: 500, test: 1000, seed: 1 });
    expect(sameBits(bigger.test.features, splits.test.features)).toBe(true);
    expect(sameBits(bigger.test.labels, splits.test.labels)).toBe(true);
  });

  it('refuses more examples than the package has, with the numbers', () => {
    expect(() => loadMnist({ train: 9000, validation: 1000, test: 1000, seed: 1 })).toThrow(DataError);
    expect(() => loadMnist({ train: 9000, validation: 1000, test: 1000, seed: 1 })).toThrow(
      'data source mnist: train 9000 + validation 1000 + test 1000 = 11000 examples requested, but the mnist package has only 10000',
    );
  });

  it('refuses negative or fractional counts', () => {
    expect(() => loadMnist({ train: -1, validation: 0, test: 0, seed: 1 })).toThrow(
      'data source mnist: train must be a non-negative integer, got -1',
    );
    expect(() => loadMnist({ train: 1, validation: 0.5, test: 0, seed: 1 })).toThrow('validation must be a non-negative integer');
  });

  it('names the file and the value when a digits file holds something other than pixels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-digits-'));
    for (let digit = 0; digit < 10; digit++) {
      const data = new Array<number>(784).fill(digit === 4 ? 0.5 : 0);
      if (digit === 4) data[3] = 255;
      writeFileSync(join(dir, `${digit}.json`), JSON.stringify({ data }));
    }
    expect(() => loadMnist({ train: 1, validation: 0, test: 0, seed: 1, digitsDir: dir })).toThrow(
      `${join(dir, '4.json')}: value 255 at index 3 is not a pixel in 0..1`,
    );
    writeFileSync(join(dir, '4.json'), JSON.stringify({ data: new Array<number>(784).fill(0.5) }));
    const tiny = loadMnist({ train: 6, validation: 2, test: 2, seed: 1, digitsDir: dir });
    expect(Array.from(tiny.train.labels).concat(Array.from(tiny.validation.labels), Array.from(tiny.test.labels)).sort()).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  it('names the file when a digits file is missing', () => {
    expect(() => loadMnist({ train: 1, validation: 0, test: 0, seed: 1, digitsDir: '/nonexistent/digits' })).toThrow(
      /^\/nonexistent\/digits\/0\.json: cannot read the MNIST digits: ENOENT/,
    );
  });
});
