/** `targets:` on a csv source: real-valued target columns, in both runtimes, row for row with the features. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../../src/runtime/data/csv.js';
import { runPython, torch } from '../../pytorch/helpers.js';
import { catchDataError } from './catch-data-error.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpc-csv-targets-'));
// Row r: a = r, b = 2r; targets y = r / 8 (not an integer) and z = −3r; features identify the row.
const rows = Array.from({ length: 12 }, (_, r) => `${r / 8},${r},${-3 * r},${2 * r}`);
const file = join(dir, 'values.csv');
writeFileSync(file, ['y,a,z,b', ...rows].join('\n'));

describe('loadCsv with targets', () => {
  const splits = loadCsv({ path: file, targets: ['y', 'z'], train: 6, validation: 3, test: 3, seed: 4 });

  it('reads the target columns as values beside their row, the rest as features, and has no classes', () => {
    expect(splits.classes).toBe(0);
    expect(splits.train.featureShape).toEqual([2]);
    for (const set of [splits.train, splits.validation, splits.test]) {
      expect(set.targetValues?.columns).toBe(2);
      for (let row = 0; row < set.count; row++) {
        const r = set.features[row * 2];
        expect(set.features[row * 2 + 1]).toBe(2 * r);
        expect(Array.from(set.targetValues!.values.subarray(row * 2, row * 2 + 2))).toEqual([r / 8, 0 - 3 * r]);
        expect(set.labels[row]).toBe(0);
      }
    }
  });

  it('a missing target column is a DataError naming the file and the columns there are', () => {
    const message = catchDataError(() => loadCsv({ path: file, targets: ['y', 'w'], train: 2, validation: 0, test: 0, seed: 1 }));
    expect(message.message).toMatch(/values\.csv:1: no column named "w" \(columns: y, a, z, b\)/);
  });

  torch.it('the Python loader gives the same split and values', async () => {
    const script = [
      'import json, sys',
      "sys.path.insert(0, 'src/runtime-py')",
      'from mlpc_runtime.data.csv_file import load_csv',
      `s = load_csv(${JSON.stringify(file)}, targets=["y", "z"], train=6, validation=3, test=3, seed=4)`,
      'print(json.dumps([[e.features.tolist(), e.target_values.tolist()] for e in (s.train, s.validation, s.test)] + [s.classes]))',
    ].join('\n');
    const result = await runPython(['-c', script]);
    expect(result.status, result.stderr).toBe(0);
    const parsed = JSON.parse(result.stdout) as [number[][], number[][]][];
    [splits.train, splits.validation, splits.test].forEach((set, i) => {
      expect(parsed[i][0].flat()).toEqual(Array.from(set.features));
      expect(parsed[i][1].flat()).toEqual(Array.from(set.targetValues!.values));
    });
    expect(parsed[3]).toBe(0);
  }, 60_000);
});
