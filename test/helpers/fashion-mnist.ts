/**
 * Debian's dataset-fashion-mnist (gzipped IDX files), an optional part of the machine: `.ci/run` installs
 * it; elsewhere its tests skip with the reason shown (test/helpers/optional.ts). MLPC_FASHION_MNIST_DIR
 * points the tests at another folder holding the four files (or at an empty one, to try the skip).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { optionalPart } from './optional.js';

export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const fashionMnistDir = process.env.MLPC_FASHION_MNIST_DIR || DEBIAN_FASHION_MNIST_DIR;

export const fashionMnistFiles = {
  trainImages: join(fashionMnistDir, 'train-images-idx3-ubyte.gz'),
  trainLabels: join(fashionMnistDir, 'train-labels-idx1-ubyte.gz'),
  testImages: join(fashionMnistDir, 't10k-images-idx3-ubyte.gz'),
  testLabels: join(fashionMnistDir, 't10k-labels-idx1-ubyte.gz'),
};

export const fashionMnist = optionalPart(
  'dataset-fashion-mnist',
  Object.values(fashionMnistFiles).every((file) => existsSync(file)),
  `apt-get install dataset-fashion-mnist; looked in ${fashionMnistDir}`,
);
