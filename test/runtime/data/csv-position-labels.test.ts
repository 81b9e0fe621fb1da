/** `labels:` on a csv source (a tagger): one integer label column per position, in both runtimes, row for row with the features. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../../src/runtime/data/csv.js';
import { runPython, torch } from '../../pytorch/helpers.js';
import { catchDataError } from './catch-data-error.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpc-csv-labels-'));
// Row r: features a = r, b = 2r; labels p0 = r mod 3, p1 = (r + 1) mod 3, p2 = 2 − (r mod 3).
const rows = Array.from({ length: 12 }, (_, r) => `${r % 3},${r},${(r + 1) % 3},${2 * r},${2 - (r % 3)}`);
const file = join(dir, 'tags.csv');
writeFileSync(file, ['p0,a,p1,b,p2', ...rows].join('\n'));
const labels = ['p0', 'p1', 'p2'];

describe('loadCsv with labels (one per position)', () => {
  const splits = loadCsv({ path: file, labels, positionClasses: 3, train: 6, validation: 3, test: 3, seed: 4 });

  it('reads the label columns in position order beside their row, the rest as features; classes = largest + 1', () => {
    expect(splits.classes).toBe(3);
    expect(splits.train.featureShape).toEqual([2]);
    for (const set of [splits.train, splits.validation, splits.test]) {
      expect(set.targetValues?.columns).toBe(3);
      for (let row = 0; row < set.count; row++) {
        const r = set.features[row * 2];
        expect(set.features[row * 2 + 1]).toBe(2 * r);
        expect(Array.from(set.targetValues!.values.subarray(row * 3, row * 3 + 3))).toEqual([r % 3, (r + 1) % 3, 2 - (r % 3)]);
      }
    }
  });

  it('a label that is not a non-negative integer, or not below the classes per position: a DataError at its csv line and column', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, ['p0,a,p1,b,p2', '0,1,1,2,2', '1,2,0.5,4,1'].join('\n'));
    expect(catchDataError(() => loadCsv({ path: bad, labels, train: 2, validation: 0, test: 0, seed: 1 })).message).toBe(
      `${bad}:3: column "p1": label 0.5 is not a non-negative integer`,
    );
    writeFileSync(bad, ['p0,a,p1,b,p2', '0,1,1,2,2', '1,2,0,4,3'].join('\n'));
    expect(catchDataError(() => loadCsv({ path: bad, labels, positionClasses: 3, train: 2, validation: 0, test: 0, seed: 1 })).message).toBe(
      `${bad}:3: column "p2": label 3 is out of range: the model has 3 classes per position (labels 0..2)`,
    );
    writeFileSync(bad, ['p0,a,p1,b,p2', '-1,1,1,2,2'].join('\n'));
    expect(catchDataError(() => loadCsv({ path: bad, labels, positionClasses: 3, train: 1, validation: 0, test: 0, seed: 1 })).message).toBe(
      `${bad}:2: column "p0": label -1 is not a non-negative integer`,
    );
  });

  torch.it('the Python loader gives the same split, labels and errors', async () => {
    const bad = join(dir, 'bad-py.csv');
    writeFileSync(bad, ['p0,a,p1,b,p2', '0,1,1,2,2', '1,2,0,4,3'].join('\n'));
    const script = [
      'import json, sys',
      "sys.path.insert(0, 'src/runtime-py')",
      'from mlpc_runtime.data.csv_file import load_csv',
      'from mlpc_runtime.errors import DataError',
      `s = load_csv(${JSON.stringify(file)}, labels=${JSON.stringify(labels)}, position_classes=3, train=6, validation=3, test=3, seed=4)`,
      'out = [[e.features.tolist(), e.target_values.tolist()] for e in (s.train, s.validation, s.test)] + [s.classes]',
      'try:',
      `    load_csv(${JSON.stringify(bad)}, labels=${JSON.stringify(labels)}, position_classes=3, train=2, seed=1)`,
      'except DataError as error:',
      '    out.append(str(error))',
      'print(json.dumps(out))',
    ].join('\n');
    const result = await runPython(['-c', script]);
    expect(result.status, result.stderr).toBe(0);
    const parsed = JSON.parse(result.stdout) as unknown[];
    [splits.train, splits.validation, splits.test].forEach((set, i) => {
      const [features, values] = parsed[i] as [number[][], number[][]];
      expect(features.flat()).toEqual(Array.from(set.features));
      expect(values.flat()).toEqual(Array.from(set.targetValues!.values));
    });
    expect(parsed[3]).toBe(3);
    expect(parsed[4]).toBe(`${bad}:3: column "p2": label 3 is out of range: the model has 3 classes per position (labels 0..2)`);
  }, 60_000);
});
