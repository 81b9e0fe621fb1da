/**
 * `--tune field=v1,v2,...`: any spec field by dotted path (`training.optimizer.learning_rate`,
 * `regularization.0.l2`, `constraints.0.max_norm`) or a shorthand (`learning_rate`). Values are read
 * as YAML scalars. The grid of a spec is the product of the fields that apply to it: a field applies
 * when its parent node exists (a mapping, or a sequence that has the index).
 */
import { isMap, isSeq, parse } from 'yaml';
import type { Document } from 'yaml';
import { InputError } from '../compiler/errors.js';
import type { GridValue, TuneField } from './results-file.js';
import { setSpecField } from './budget-axis.js';
import { specTextOf } from './spec-text.js';

export const tuneShorthands: Record<string, string> = {
  learning_rate: 'training.optimizer.learning_rate',
  momentum: 'training.optimizer.momentum',
  weight_decay: 'training.optimizer.weight_decay',
  batch_size: 'training.batch_size',
  steps: 'training.steps',
};

/** `field=v1,v2,...` of `--tune` (or of a `--vary` field axis: `flag` names the option in messages). */
export function parseTuneOption(option: string, flag = '--tune'): TuneField {
  const match = /^([A-Za-z0-9_.]+)=(.+)$/.exec(option);
  if (!match) throw new InputError(`${flag} ${option}: expected field=value1,value2,... (e.g. learning_rate=0.01,0.05,0.2)`);
  const [, field, list] = match;
  const dotted = tuneShorthands[field] ?? field;
  const path = dotted.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  if (path.some((segment) => segment === '')) throw new InputError(`${flag} ${option}: empty segment in the field path`);
  const values = list.split(',').map((text) => {
    const value: unknown = text.trim() === '' ? undefined : parse(text);
    if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw new InputError(`${flag} ${option}: "${text}" is not a number, string or boolean`);
    }
    return value;
  });
  if (new Set(values).size !== values.length) throw new InputError(`${flag} ${option}: a value is listed twice`);
  return { field, path, values };
}

export function parseTuneOptions(options: readonly string[]): TuneField[] {
  const fields = options.map((option) => parseTuneOption(option));
  const paths = fields.map((f) => f.path.join('.'));
  const repeated = paths.find((p, i) => paths.indexOf(p) !== i);
  if (repeated) throw new InputError(`--tune: the field ${repeated} is given twice`);
  return fields;
}

export function tuneFieldApplies(doc: Document, field: TuneField): boolean {
  const parentPath = field.path.slice(0, -1);
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  const last = field.path[field.path.length - 1];
  if (isMap(parent)) return typeof last === 'string';
  if (isSeq(parent)) return typeof last === 'number' && last < parent.items.length;
  return false;
}

/** The grid points of one spec: every combination of the values of the fields that apply to it. */
export function gridFor(doc: Document, fields: readonly TuneField[]): Record<string, GridValue>[] {
  let points: Record<string, GridValue>[] = [{}];
  for (const field of fields.filter((f) => tuneFieldApplies(doc, f))) {
    points = points.flatMap((point) => field.values.map((value) => ({ ...point, [field.field]: value })));
  }
  return points;
}

export function applyGridPoint(doc: Document, fields: readonly TuneField[], values: Record<string, GridValue>): string {
  const edited = doc.clone();
  for (const field of fields) if (field.field in values) setSpecField(edited, field.path, values[field.field]);
  return specTextOf(edited);
}
