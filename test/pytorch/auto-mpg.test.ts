/**
 * The shipped regression on a real csv (specs/auto_mpg.yaml, data/auto-mpg/): `standardize: true`
 * gives the same float32 features in both runtimes, mean 0 and variance 1 on the training split with
 * the validation and test splits scaled by the training statistics; and both targets, from the same
 * initial weights, record the same val_mae and learning rates over the first evaluations.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadCsv } from '../../src/runtime/data/csv.js';
import { runMlpc } from '../helpers/run-process.js';
import { readRecords, temporaryDir } from '../emit/helpers.js';
import { runPython, torch } from './helpers.js';

const spec = 'specs/auto_mpg.yaml';
const csv = 'data/auto-mpg/auto-mpg.csv';
const features = ['cylinders', 'displacement', 'horsepower', 'weight', 'acceleration', 'model_year', 'europe', 'japan', 'usa'];
const counts = { train: 251, validation: 63, test: 78 };

const hex = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('hex');

torch.describe('Auto MPG: standardize and the shipped spec', () => {
  it('standardize: the training split has mean 0 and variance 1 per column; both runtimes give the same float32 features', { timeout: 60_000 }, async () => {
    const splits = loadCsv({ path: csv, targets: ['mpg'], features, ...counts, seed: 0, standardize: true });
    const raw = loadCsv({ path: csv, targets: ['mpg'], features, ...counts, seed: 0 });
    const columns = features.length;
    for (let k = 0; k < columns; k++) {
      const column = Array.from({ length: counts.train }, (_, row) => splits.train.features[row * columns + k]!);
      const mean = column.reduce((sum, value) => sum + value, 0) / counts.train;
      const variance = column.reduce((sum, value) => sum + (value - mean) ** 2, 0) / counts.train;
      expect(Math.abs(mean), features[k]).toBeLessThan(1e-6);
      expect(Math.abs(variance - 1), features[k]).toBeLessThan(1e-5);
      // The test split with the training statistics: an affine map of the raw values, same slope and offset.
      const rawColumn = Array.from({ length: counts.train }, (_, row) => raw.train.features[row * columns + k]!);
      const rawMean = rawColumn.reduce((sum, value) => sum + value, 0) / counts.train;
      const rawStd = Math.sqrt(rawColumn.reduce((sum, value) => sum + (value - rawMean) ** 2, 0) / counts.train);
      for (let row = 0; row < counts.test; row++) {
        const expected = (raw.test.features[row * columns + k]! - rawMean) / rawStd;
        expect(Math.abs(splits.test.features[row * columns + k]! - expected)).toBeLessThan(1e-5);
      }
    }
    const script = [
      'import sys',
      "sys.path.insert(0, 'src/runtime-py')",
      'import json',
      'from mlpc_runtime.data.csv_file import load_csv',
      `s = load_csv(${JSON.stringify(csv)}, targets=["mpg"], features=${JSON.stringify(features)}, train=251, validation=63, test=78, seed=0, standardize=True)`,
      'print(json.dumps({name: getattr(s, name).features.tobytes().hex() for name in ("train", "validation", "test")}))',
    ].join('\n');
    const result = await runPython(['-c', script]);
    expect(result.status, result.stderr).toBe(0);
    const python = JSON.parse(result.stdout) as Record<string, string>;
    for (const name of ['train', 'validation', 'test'] as const) expect(python[name], name).toBe(hex(splits[name].features));
  });

  it('both targets from the same initial weights: the same val_mae (to 1e-3) and learning rates', { timeout: 300_000 }, async () => {
    const root = temporaryDir('auto-mpg');
    const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    const quiet = { ...process.env, MLPC_QUIET: '1' };
    const init = await runMlpc(['train', spec, '--steps', '0', '--out', join(root, 'init')], { env: quiet });
    expect(init.status, init.stderr).toBe(0);
    const flags = ['--steps', '64', '--eval-every', '8'];
    const ts = await runMlpc(['train', spec, ...flags, '--out', join(root, 'ts')], { env: quiet });
    expect(ts.status, ts.stderr).toBe(0);
    const py = await runPython([join(root, 'gen', 'auto_mpg.py'), ...flags, '--init-from', join(root, 'init'), '--out', join(root, 'py')]);
    expect(py.status, py.stderr).toBe(0);
    const evaluations = (dir: string) => readRecords(join(root, dir)).filter((record) => record.val_mae !== undefined);
    const [a, b] = [evaluations('ts'), evaluations('py')];
    expect(a).toHaveLength(9);
    expect(b.map((record) => record.step)).toEqual(a.map((record) => record.step));
    expect(b.map((record) => record.learning_rate)).toEqual(a.map((record) => record.learning_rate));
    a.forEach((record, index) => expect(Math.abs(record.val_mae! - b[index]!.val_mae!), `step ${record.step}`).toBeLessThan(1e-3));
    expect(a.at(-1)!.val_mae!).toBeLessThan(a[0]!.val_mae! * 0.75);
  });
});
