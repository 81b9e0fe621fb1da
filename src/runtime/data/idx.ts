/**
 * `source: idx`: MNIST-format IDX files (LeCun's format; Fashion-MNIST uses it too), raw or gzipped.
 * Header: 4-byte magic 0x00000803 (unsigned-byte images, 3 dimensions) or 0x00000801 (unsigned-byte
 * labels, 1 dimension), then one big-endian uint32 per dimension, then the bytes row-major.
 */
import { DataError, checkSplitCounts, featureSizeOf, gatherExampleSet } from './example-set.js';
import type { DataSplits } from './example-set.js';
import { readMaybeGzippedFile } from './read-data-file.js';
import { deriveSeed, shuffledIndices } from './seeded-random.js';

export interface IdxOptions {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
  /** Validation examples, carved from the train files. */
  validation: number;
  /** Train examples from the rest of the train files (default: all of the rest). */
  train?: number;
  /** Test examples from the test files (default: all of them). */
  test?: number;
  seed: number;
}

/** The contents of one IDX file: its dimensions and its unsigned bytes after the header. */
export interface IdxArray {
  dimensions: number[];
  bytes: Uint8Array;
}

const idxImagesMagic = 0x00000803;
const idxLabelsMagic = 0x00000801;

function formatIdxMagic(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Parses an IDX file, checking the magic number (images or labels) and that no byte is missing. */
export function readIdxFile(file: string, kind: 'images' | 'labels'): IdxArray {
  const data = readMaybeGzippedFile(file);
  const expectedMagic = kind === 'images' ? idxImagesMagic : idxLabelsMagic;
  if (data.length < 4) throw new DataError(`${file}: truncated: ${data.length} bytes, too short for an IDX header`, file);
  const magic = data.readUInt32BE(0);
  if (magic !== expectedMagic) {
    throw new DataError(`${file}: bad magic number ${formatIdxMagic(magic)}, expected ${formatIdxMagic(expectedMagic)} (IDX ${kind})`, file);
  }
  const rank = magic & 0xff;
  const headerLength = 4 + 4 * rank;
  if (data.length < headerLength) {
    throw new DataError(`${file}: truncated: ${data.length} bytes, the IDX header needs ${headerLength}`, file);
  }
  const dimensions: number[] = [];
  for (let d = 0; d < rank; d++) dimensions.push(data.readUInt32BE(4 + 4 * d));
  const expectedBytes = featureSizeOf(dimensions);
  const foundBytes = data.length - headerLength;
  if (foundBytes < expectedBytes) {
    throw new DataError(
      `${file}: truncated: header says ${dimensions.join('x')} = ${expectedBytes} bytes of ${kind}, found ${foundBytes}`,
      file,
    );
  }
  return { dimensions, bytes: data.subarray(headerLength, headerLength + expectedBytes) };
}

/** Images and labels of one pair of files, checked to describe the same number of examples. */
function readIdxPair(imagesFile: string, labelsFile: string): { images: IdxArray; labels: Uint8Array; count: number } {
  const images = readIdxFile(imagesFile, 'images');
  const labels = readIdxFile(labelsFile, 'labels');
  const count = images.dimensions[0];
  if (labels.dimensions[0] !== count) {
    throw new DataError(
      `${labelsFile}: ${labels.dimensions[0]} labels, but ${imagesFile} has ${count} images`,
      labelsFile,
    );
  }
  return { images, labels: labels.bytes, count };
}

function largestIdxLabel(labels: Uint8Array): number {
  let maximum = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > maximum) maximum = labels[i];
  return maximum;
}

/**
 * Validation is carved from the train files and train taken after it, both in seeded order; test is
 * the first `test` examples of the test files in another seeded order. Pixels are scaled to 0..1.
 */
export function loadIdx(options: IdxOptions): DataSplits {
  checkSplitCounts(options, 'data source idx');
  const trainPool = readIdxPair(options.trainImages, options.trainLabels);
  const testPool = readIdxPair(options.testImages, options.testLabels);
  const featureShape = trainPool.images.dimensions.slice(1);
  const testShape = testPool.images.dimensions.slice(1);
  if (featureShape.join('x') !== testShape.join('x')) {
    throw new DataError(
      `${options.testImages}: images are ${testShape.join('x')}, but ${options.trainImages} has ${featureShape.join('x')}`,
      options.testImages,
    );
  }
  const train = options.train ?? Math.max(trainPool.count - options.validation, 0);
  const test = options.test ?? testPool.count;
  if (train + options.validation > trainPool.count) {
    throw new DataError(
      `${options.trainImages}: train ${train} + validation ${options.validation} = ${train + options.validation} ` +
        `examples requested, but the file has only ${trainPool.count}`,
      options.trainImages,
    );
  }
  if (test > testPool.count) {
    throw new DataError(`${options.testImages}: test ${test} examples requested, but the file has only ${testPool.count}`, options.testImages);
  }
  const trainOrder = shuffledIndices(trainPool.count, deriveSeed(options.seed, 1));
  const testOrder = shuffledIndices(testPool.count, deriveSeed(options.seed, 2));
  const pixelScale = 1 / 255;
  return {
    validation: gatherExampleSet(trainPool.images.bytes, trainPool.labels, featureShape, trainOrder, 0, options.validation, pixelScale),
    train: gatherExampleSet(trainPool.images.bytes, trainPool.labels, featureShape, trainOrder, options.validation, train, pixelScale),
    test: gatherExampleSet(testPool.images.bytes, testPool.labels, featureShape, testOrder, 0, test, pixelScale),
    classes: Math.max(largestIdxLabel(trainPool.labels), largestIdxLabel(testPool.labels)) + 1,
  };
}
