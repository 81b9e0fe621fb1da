/**
 * `--vary AXIS=NAME,...`: named variants of one base spec, from a preset file (presets.yaml next to
 * this module, documented there, or `--presets FILE`), or `--vary FIELD=V1,V2,...`: any spec field by
 * dotted path (`data.train=500,2000,8000`), set as `--tune` sets it. Several `--vary` options cross
 * into a grid of conditions; a preset variant with `only_with` is crossed only with the listed values
 * of another axis.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isSeq, parse } from 'yaml';
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { InputError } from '../compiler/errors.js';
import type { GridValue } from './results-file.js';
import { setSpecField } from './budget-axis.js';
import { parseTuneOption, tuneShorthands } from './tune-grid.js';

export interface VariantOperations {
  description?: string;
  append?: Record<string, unknown[]>;
  dropout?: { input?: number; hidden?: number };
  /** Layer name → {field: value}: fields set on the named layer (a graph spec's, e.g. an lstm's `dropout`). */
  layers?: Record<string, Record<string, unknown>>;
  /** Layer name → a layer: inserted right after the named layer (e.g. Zaremba's dropout after the embedding). */
  insert_after?: Record<string, Record<string, unknown>>;
  set?: Record<string, unknown>;
  /** Axis → the values (of a field axis) or names (of a preset axis) this variant is crossed with. */
  only_with?: Record<string, GridValue[]>;
}

export interface AxisPreset {
  description?: string;
  strip: string[];
  variants: Record<string, VariantOperations>;
}

export type Presets = Record<string, AxisPreset>;

/**
 * One `--vary` axis. A preset axis lists variant names; a field axis (`field` present) sets a spec
 * field to each value, its variants named `train=500` (the field's last segment and the value).
 */
export interface VaryOption {
  axis: string;
  names: string[];
  field?: { path: (string | number)[]; values: GridValue[] };
}

/** The shipped presets, found from src/compare or dist/compare alike. */
export const defaultPresetsFile = new URL('../../src/compare/presets.yaml', import.meta.url);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function loadPresets(file: string | URL = defaultPresetsFile): Promise<Presets> {
  const where = String(file);
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`presets ${where}: ${(error as Error).message}`);
  }
  if (!isRecord(data)) throw new InputError(`presets ${where}: expected a mapping of axes`);
  for (const [axis, preset] of Object.entries(data)) {
    if (!isRecord(preset) || !isRecord(preset.variants) || (preset.strip !== undefined && !Array.isArray(preset.strip))) {
      throw new InputError(`presets ${where}: axis ${axis} needs \`variants\` (a mapping) and optionally \`strip\` (a list)`);
    }
    for (const [name, variant] of Object.entries(preset.variants)) {
      const known = ['description', 'append', 'dropout', 'insert_after', 'layers', 'set', 'only_with'];
      const unknown = isRecord(variant) ? Object.keys(variant).filter((k) => !known.includes(k)) : ['(not a mapping)'];
      if (variant !== null && unknown.length) throw new InputError(`presets ${where}: ${axis}.${name}: unknown ${unknown.join(', ')}`);
    }
    for (const [name, variant] of Object.entries(preset.variants)) {
      for (const key of ['layers', 'insert_after'] as const) {
        const byName = isRecord(variant) ? variant[key] : undefined;
        if (byName !== undefined && (!isRecord(byName) || !Object.values(byName).every(isRecord))) {
          throw new InputError(`presets ${where}: ${axis}.${name}: ${key} needs a mapping of layer name: {${key === 'layers' ? 'field: value' : 'type: ..., ...'}}`);
        }
      }
    }
    for (const [name, variant] of Object.entries(preset.variants)) {
      const only = isRecord(variant) ? variant.only_with : undefined;
      if (only !== undefined && (!isRecord(only) || !Object.values(only).every(Array.isArray))) {
        throw new InputError(`presets ${where}: ${axis}.${name}: only_with needs a mapping of axis: [values]`);
      }
    }
    preset.strip ??= [];
  }
  return data as Presets;
}

function parseFieldAxis(option: string): VaryOption {
  const field = parseTuneOption(option, '--vary');
  const last = String(field.path[field.path.length - 1]);
  return { axis: field.field, names: field.values.map((value) => `${last}=${String(value)}`), field: { path: field.path, values: field.values } };
}

export function parseVaryOption(option: string, presets: Presets): VaryOption {
  const match = /^([A-Za-z0-9_.]+)=(.+)$/.exec(option);
  if (!match) throw new InputError(`--vary ${option}: expected axis=name,name,... (e.g. regularization=none,l2,dropout+l2) or field=v1,v2,...`);
  const [, axis, list] = match;
  const preset = presets[axis];
  if (!preset && (axis.includes('.') || axis in tuneShorthands)) return parseFieldAxis(option);
  if (!preset) {
    throw new InputError(
      `--vary ${option}: unknown axis ${axis} (known: ${Object.keys(presets).join(', ')}); a spec field is written as a dotted path, e.g. data.train=500,2000`,
    );
  }
  const names = list.split(',').map((n) => n.trim());
  for (const name of names) {
    for (const part of name.split('+')) {
      if (!(part in preset.variants)) {
        throw new InputError(`--vary ${option}: unknown ${axis} variant "${part}" (known: ${Object.keys(preset.variants).join(', ')})`);
      }
    }
  }
  if (new Set(names).size !== names.length) throw new InputError(`--vary ${option}: a variant is listed twice`);
  return { axis, names };
}

function layersOf(doc: Document): YAMLSeq | undefined {
  const layers = doc.getIn(['model', 'layers'], true);
  return isSeq(layers) ? layers : undefined;
}

const typeOf = (node: unknown) => (isMap(node) ? node.get('type') : undefined);

function strip(doc: Document, items: readonly string[]): void {
  const layers = layersOf(doc);
  for (const item of items) {
    if (item === 'dropout_layers') {
      if (layers) layers.items = layers.items.filter((layer) => typeOf(layer) !== 'dropout');
    } else if (doc.has(item)) {
      doc.delete(item);
    } else {
      for (const layer of layers?.items ?? []) if (isMap(layer)) (layer as YAMLMap).delete(item);
    }
  }
}

function insertDropout(doc: Document, rates: { input?: number; hidden?: number }): void {
  const layers = layersOf(doc);
  if (!layers) return;
  const dropout = (rate: number) => doc.createNode({ type: 'dropout', rate }, { flow: true });
  const lastDense = layers.items.map(typeOf).lastIndexOf('dense');
  const items: unknown[] = rates.input !== undefined ? [dropout(rates.input)] : [];
  let pendingHidden = false;
  layers.items.forEach((layer, i) => {
    items.push(layer);
    if (typeOf(layer) === 'dense' && i < lastDense && rates.hidden !== undefined) pendingHidden = true;
    const next = typeOf(layers.items[i + 1]);
    if (pendingHidden && next !== 'activation' && next !== 'batch_norm') {
      items.push(dropout(rates.hidden as number));
      pendingHidden = false;
    }
  });
  layers.items = items;
}

/** The layer called `name` in model.layers, or inside a block's `layers` at any depth, with the list holding it. */
function namedLayer(list: YAMLSeq | undefined, name: string): { layer: YAMLMap; list: YAMLSeq } | undefined {
  for (const item of list?.items ?? []) {
    if (!isMap(item)) continue;
    if (item.get('name') === name) return { layer: item as YAMLMap, list: list as YAMLSeq };
    const inner = item.get('layers', true);
    const found = isSeq(inner) ? namedLayer(inner, name) : undefined;
    if (found) return found;
  }
  return undefined;
}

function insertAfter(doc: Document, layers: Record<string, Record<string, unknown>>): void {
  for (const [name, layer] of Object.entries(layers)) {
    const found = namedLayer(layersOf(doc), name);
    if (!found) throw new InputError(`presets: no layer named ${name} in model.layers to insert a ${String(layer.type ?? 'layer')} after`);
    found.list.items.splice(found.list.items.indexOf(found.layer) + 1, 0, doc.createNode(layer, { flow: true }));
  }
}

function setLayerFields(doc: Document, fields: Record<string, Record<string, unknown>>): void {
  for (const [name, values] of Object.entries(fields)) {
    const layer = namedLayer(layersOf(doc), name)?.layer;
    if (!layer) throw new InputError(`presets: no layer named ${name} in model.layers to set ${Object.keys(values).join(', ')} on`);
    for (const [field, value] of Object.entries(values)) layer.set(field, doc.createNode(value, { flow: true }));
  }
}

function applyOperations(doc: Document, operations: VariantOperations | null): void {
  if (!operations) return;
  for (const [key, list] of Object.entries(operations.append ?? {})) {
    const existing = doc.get(key, true);
    const nodes = list.map((item) => doc.createNode(item, { flow: true }));
    if (isSeq(existing)) existing.items.push(...nodes);
    else {
      const seq = doc.createNode([]) as YAMLSeq;
      seq.items.push(...nodes);
      doc.set(key, seq);
    }
  }
  if (operations.dropout) insertDropout(doc, operations.dropout);
  if (operations.insert_after) insertAfter(doc, operations.insert_after);
  if (operations.layers) setLayerFields(doc, operations.layers);
  for (const [path, value] of Object.entries(operations.set ?? {})) {
    const segments = path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    doc.setIn(segments, doc.createNode(value, { flow: true }));
  }
}

/** The value a field axis sets for one of its variant names. */
function fieldValue(option: VaryOption, name: string): GridValue | undefined {
  return option.field?.values[option.names.indexOf(name)];
}

/**
 * The base document with one variant per axis applied, in option order; `choice` maps axis -> variant
 * name. A field axis sets its field; a preset axis strips, then applies its variant's parts.
 */
export function applyVariant(base: Document, presets: Presets, choice: Record<string, string>, options: readonly VaryOption[] = []): Document {
  const doc = base.clone();
  for (const [axis, name] of Object.entries(choice)) {
    const option = options.find((o) => o.axis === axis);
    if (option?.field) {
      setSpecField(doc, option.field.path, fieldValue(option, name));
      continue;
    }
    strip(doc, presets[axis].strip);
    for (const part of name.split('+')) applyOperations(doc, presets[axis].variants[part]);
  }
  return doc;
}

/** False when a part of a chosen preset variant is restricted (`only_with`) to other values of another axis. */
function allowed(choice: Record<string, string>, presets: Presets, options: readonly VaryOption[]): boolean {
  for (const option of options) {
    if (option.field) continue;
    for (const part of choice[option.axis].split('+')) {
      for (const [axis, accepted] of Object.entries(presets[option.axis]?.variants[part]?.only_with ?? {})) {
        const other = options.find((o) => o.axis === axis);
        if (!other) continue;
        const value = other.field ? fieldValue(other, choice[axis]) : choice[axis];
        if (!accepted.map(String).includes(String(value))) return false;
      }
    }
  }
  return true;
}

/** Every combination of the variants of the given axes, in option order, less those `only_with` rules out. */
export function variantChoices(options: readonly VaryOption[], presets: Presets = {}): Record<string, string>[] {
  let choices: Record<string, string>[] = [{}];
  for (const option of options) choices = choices.flatMap((c) => option.names.map((name) => ({ ...c, [option.axis]: name })));
  return choices.filter((choice) => allowed(choice, presets, options));
}

export function variantLabel(choice: Record<string, string>): string {
  return Object.values(choice).join(' · ');
}

/** A spec name for the variant: `base_dropout_l2`, within the name pattern [a-z][a-z0-9_]*. */
export function variantSpecName(baseName: string, choice: Record<string, string>): string {
  const slug = Object.values(choice)
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_');
  return `${baseName}_${slug}`.replace(/_+/g, '_').replace(/_$/, '');
}

