import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsv, splitCsvLine } from '../../../src/runtime/data/csv.js';
import { catchDataError } from './catch-data-error.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpc-csv-'));
function writeCsv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

// Row r has x1 = r, x2 = 10 * r, "x 3" = (0 - r) / 4 (never -0) and species r % 3: features identify the row.
const rows = Array.from({ length: 10 }, (_, r) => `${r},${10 * r},${r % 3},${(0 - r) / 4}`);
const valid = writeCsv('iris-like.csv', ['x1,x2,species,"x 3"', ...rows].join('\r\n') + '\r\n\r\n');

describe('loadCsv', () => {
  const splits = loadCsv({ path: valid, label: 'species', train: 5, validation: 3, test: 2, seed: 1 });

  it('reads every column but the label as features, in file order', () => {
    expect([splits.train.count, splits.validation.count, splits.test.count]).toEqual([5, 3, 2]);
    expect(splits.train.featureShape).toEqual([3]);
    expect(splits.classes).toBe(3);
    const seenRows: number[] = [];
    for (const set of [splits.train, splits.validation, splits.test]) {
      for (let row = 0; row < set.count; row++) {
        const r = set.features[row * 3];
        expect(Array.from(set.features.subarray(row * 3, row * 3 + 3))).toEqual([r, 10 * r, (0 - r) / 4]);
        expect(set.labels[row]).toBe(r % 3);
        seenRows.push(r);
      }
    }
    expect(seenRows.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('takes a chosen list of feature columns in the given order', () => {
    const chosen = loadCsv({ path: valid, label: 'species', features: ['x 3', 'x1'], train: 10, validation: 0, test: 0, seed: 1 });
    expect(chosen.train.featureShape).toEqual([2]);
    for (let row = 0; row < 10; row++) {
      expect(chosen.train.features[row * 2]).toBe((0 - chosen.train.features[row * 2 + 1]) / 4);
    }
  });

  it('is deterministic and depends on the seed', () => {
    const again = loadCsv({ path: valid, label: 'species', train: 5, validation: 3, test: 2, seed: 1 });
    expect(Array.from(again.train.features)).toEqual(Array.from(splits.train.features));
    const other = loadCsv({ path: valid, label: 'species', train: 5, validation: 3, test: 2, seed: 2 });
    expect(Array.from(other.train.features)).not.toEqual(Array.from(splits.train.features));
  });

  it('splits quoted fields', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
  });
});

describe('loadCsv errors name the file, line and column', () => {
  const load = (path: string, label = 'species') => () => loadCsv({ path, label, train: 1, validation: 0, test: 0, seed: 1 });

  it('a value that is not a number', () => {
    const bad = writeCsv('bad-number.csv', 'x1,x2,species\n1,2,0\n3,4,1\n5,abc,0\n');
    const error = catchDataError(load(bad));
    expect(error.message).toBe(`${bad}:4: column "x2": "abc" is not a number`);
    expect(error.file).toBe(bad);
  });

  it('an empty field', () => {
    const bad = writeCsv('empty-field.csv', 'x1,x2,species\n1,,0\n');
    expect(catchDataError(load(bad)).message).toBe(`${bad}:2: column "x2": "" is not a number`);
  });

  it('a label that is not a non-negative integer', () => {
    const bad = writeCsv('bad-label.csv', 'x1,species\n1,0\n2,1.5\n');
    expect(catchDataError(load(bad)).message).toBe(`${bad}:3: column "species": label 1.5 is not a non-negative integer`);
    const negative = writeCsv('negative-label.csv', 'x1,species\n1,-1\n');
    expect(catchDataError(load(negative)).message).toBe(`${negative}:2: column "species": label -1 is not a non-negative integer`);
  });

  it('a row with the wrong number of fields', () => {
    const bad = writeCsv('ragged.csv', 'x1,x2,species\n1,2,0\n1,2\n');
    expect(catchDataError(load(bad)).message).toBe(`${bad}:3: 2 fields, but the header has 3`);
  });

  it('a missing label or feature column', () => {
    expect(catchDataError(load(valid, 'class')).message).toBe(`${valid}:1: no column named "class" (columns: x1, x2, species, x 3)`);
    const error = catchDataError(() => loadCsv({ path: valid, label: 'species', features: ['x9'], train: 1, validation: 0, test: 0, seed: 1 }));
    expect(error.message).toBe(`${valid}:1: no column named "x9" (columns: x1, x2, species, x 3)`);
  });

  it('a missing file, an empty file, a duplicate column', () => {
    const missing = join(dir, 'missing.csv');
    expect(catchDataError(load(missing)).message).toBe(`${missing}: cannot read data file: no such file`);
    const empty = writeCsv('empty.csv', '');
    expect(catchDataError(load(empty)).message).toBe(`${empty}:1: empty file, expected a header row`);
    const twice = writeCsv('twice.csv', 'x1,x1,species\n1,2,0\n');
    expect(catchDataError(load(twice)).message).toBe(`${twice}:1: column "x1" appears twice in the header`);
  });

  it('more examples than rows', () => {
    const error = catchDataError(() => loadCsv({ path: valid, label: 'species', train: 8, validation: 2, test: 1, seed: 1 }));
    expect(error.message).toBe(`${valid}: train 8 + validation 2 + test 1 = 11 examples requested, but the file has only 10 rows`);
  });
});
