/**
 * `source: csv`: a comma-separated file with a header row, one example a line, numeric values.
 * Fields may be double-quoted ("a,b" and "" escapes); blank lines are skipped; CRLF is fine.
 */
import { DataError, checkSplitCounts, gatherExampleSet } from './example-set.js';
import type { DataSplits, SplitCounts } from './example-set.js';
import { readDataFileBytes } from './read-data-file.js';
import { shuffledIndices } from './seeded-random.js';

export interface CsvOptions extends SplitCounts {
  path: string;
  /** Name of the label column: non-negative integers, classes = largest label + 1. */
  label?: string;
  /** Real-valued target columns instead of a label (regression, multi-label 0/1): classes is then 0. */
  targets?: string[];
  /**
   * One label column per position (a tagger), in position order, instead of a label: integers in
   * 0..positionClasses-1, kept as the set's target values [count, positions]; classes = largest + 1.
   */
  labels?: string[];
  /** With `labels`: the classes per position of the model's output, which every label must be below. */
  positionClasses?: number;
  /** Feature columns in this order (default: every column but the label or targets, in file order). */
  features?: string[];
  /**
   * Scale each feature column to mean 0 and variance 1 with the training split's mean and population
   * variance (Keras Normalization adapted on the training features): (x − mean) / max(sqrt(var), 1e-7).
   */
  standardize?: boolean;
  seed: number;
}

/** Splits one CSV line into fields, honouring double quotes. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Index of each requested column in the header, or a DataError listing the columns there are. */
function findCsvColumns(file: string, header: string[], names: string[]): number[] {
  return names.map((name) => {
    const column = header.indexOf(name);
    if (column < 0) {
      throw new DataError(`${file}:1: no column named "${name}" (columns: ${header.join(', ')})`, file);
    }
    return column;
  });
}

/** A tagger's label: an integer in 0..classes-1, or a DataError naming the csv line and column. */
function checkPositionLabel(value: number, classes: number | undefined, where: string, file: string): void {
  if (!(Number.isInteger(value) && value >= 0)) throw new DataError(`${where}: label ${value} is not a non-negative integer`, file);
  if (classes !== undefined && value >= classes) {
    throw new DataError(`${where}: label ${value} is out of range: the model has ${classes} classes per position (labels 0..${classes - 1})`, file);
  }
}

/** Shuffles all rows with the seed and takes test first, then validation, then train. */
export function loadCsv(options: CsvOptions): DataSplits {
  checkSplitCounts(options, `data source csv (${options.path})`);
  const file = options.path;
  const lines = readDataFileBytes(file).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0] === undefined || lines[0].trim() === '') throw new DataError(`${file}:1: empty file, expected a header row`, file);
  const header = splitCsvLine(lines[0]).map((name) => name.trim());
  const duplicate = header.find((name, column) => header.indexOf(name) !== column);
  if (duplicate !== undefined) throw new DataError(`${file}:1: column "${duplicate}" appears twice in the header`, file);
  const positionLabels = options.labels;
  const targetNames = options.targets ?? positionLabels ?? [options.label ?? ''];
  const featureNames = options.features ?? header.filter((name) => !targetNames.includes(name));
  const targetColumns = findCsvColumns(file, header, targetNames);
  const labelColumn = options.targets === undefined && positionLabels === undefined ? targetColumns[0] : -1;
  let largestPositionLabel = -1;
  const featureColumns = findCsvColumns(file, header, featureNames);
  if (featureColumns.length === 0) throw new DataError(`${file}:1: no feature columns besides "${targetNames.join('", "')}"`, file);
  const values: number[] = [];

  const features: number[] = [];
  const labels: number[] = [];
  for (let index = 1; index < lines.length; index++) {
    if (lines[index].trim() === '') continue;
    const lineNumber = index + 1;
    const fields = splitCsvLine(lines[index]);
    if (fields.length !== header.length) {
      throw new DataError(`${file}:${lineNumber}: ${fields.length} fields, but the header has ${header.length}`, file);
    }
    const numberAt = (column: number): number => {
      const text = fields[column].trim();
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) {
        throw new DataError(`${file}:${lineNumber}: column "${header[column]}": "${fields[column]}" is not a number`, file);
      }
      return value;
    };
    if (labelColumn < 0) {
      for (const column of targetColumns) {
        const value = numberAt(column);
        if (positionLabels !== undefined) {
          checkPositionLabel(value, options.positionClasses, `${file}:${lineNumber}: column "${header[column]}"`, file);
          largestPositionLabel = Math.max(largestPositionLabel, value);
        }
        values.push(value);
      }
      labels.push(0);
    } else {
      const label = numberAt(labelColumn);
      if (!(Number.isInteger(label) && label >= 0)) {
        throw new DataError(`${file}:${lineNumber}: column "${options.label}": label ${label} is not a non-negative integer`, file);
      }
      labels.push(label);
    }
    for (const column of featureColumns) features.push(numberAt(column));
  }

  const available = labels.length;
  const requested = options.train + options.validation + options.test;
  if (requested > available) {
    throw new DataError(
      `${file}: train ${options.train} + validation ${options.validation} + test ${options.test} = ` +
        `${requested} examples requested, but the file has only ${available} rows`,
      file,
    );
  }
  const order = shuffledIndices(available, options.seed);
  const shape = [featureColumns.length];
  const take = (start: number, count: number) => {
    const set = gatherExampleSet(features, labels, shape, order, start, count);
    if (labelColumn < 0) set.targetValues = gatherTargetValues(values, targetColumns.length, order, start, count);
    return set;
  };
  const splits = {
    test: take(0, options.test),
    validation: take(options.test, options.validation),
    train: take(options.test + options.validation, options.train),
    classes: positionLabels !== undefined ? largestPositionLabel + 1 : labelColumn < 0 ? 0 : labels.reduce((maximum, label) => Math.max(maximum, label), -1) + 1,
  };
  if (options.standardize) standardizeFeatures(splits, featureColumns.length);
  return splits;
}

/**
 * Keras Normalization adapted on the training features, applied to every split: per column, the
 * training rows' mean and population variance (float64 sums in row order, as mlpc_runtime's
 * load_csv), then (x − mean) / max(sqrt(var), 1e-7) rounded to float32.
 */
export function standardizeFeatures(splits: Omit<DataSplits, 'classes'>, columns: number): void {
  const train = splits.train;
  const mean = new Float64Array(columns);
  const variance = new Float64Array(columns);
  for (let row = 0; row < train.count; row++) for (let k = 0; k < columns; k++) mean[k] += train.features[row * columns + k];
  for (let k = 0; k < columns; k++) mean[k] /= train.count;
  for (let row = 0; row < train.count; row++) {
    for (let k = 0; k < columns; k++) {
      const deviation = train.features[row * columns + k] - mean[k];
      variance[k] += deviation * deviation;
    }
  }
  const scale = Array.from(variance, (sum) => Math.max(Math.sqrt(sum / train.count), 1e-7));
  for (const set of [splits.train, splits.validation, splits.test]) {
    for (let i = 0; i < set.features.length; i++) set.features[i] = (set.features[i] - mean[i % columns]) / scale[i % columns];
  }
}

/** The target rows at `order[start, start + count)`, as gatherExampleSet gathers features. */
function gatherTargetValues(pool: number[], columns: number, order: Uint32Array, start: number, count: number): { values: Float32Array; columns: number } {
  const values = new Float32Array(count * columns);
  for (let row = 0; row < count; row++) {
    const from = order[start + row] * columns;
    for (let k = 0; k < columns; k++) values[row * columns + k] = pool[from + k];
  }
  return { values, columns };
}
