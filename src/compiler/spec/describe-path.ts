/** Words for where in the spec something is: `layer 2 (dropout)`, `regularization rule 1`, `training.batch_size`. */
import type { JsonPath } from './yaml-source.js';

export interface PathWords {
  /** Who is speaking: `layer 2 (dropout)`, or '' at the top level. */
  context: string;
  /** The field inside the context, dotted: `kernel_init.stddev`, or '' for the context itself. */
  field: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const NAME = /^[a-z][a-z0-9_]*$/;
const LAYER_TYPES = new Set([
  'dense',
  'dropout',
  'activation',
  'flatten',
  'conv2d',
  'conv1d',
  'max_pool2d',
  'average_pool2d',
  'global_average_pool2d',
  'global_max_pool2d',
  'average_pool1d',
  'max_pool1d',
  'global_average_pool1d',
  'global_max_pool1d',
  'batch_norm',
  'embedding',
  'position_embedding',
  'layer_norm',
  'causal_self_attention',
  'lstm',
  'gru',
  'add',
  'drop_path',
  'block',
]);

/** `layer 2 (dropout)`, `layer 1 (dense hidden)`; a misspelt type or a malformed name is left out. */
export function describeLayer(index: number, layer: unknown): string {
  const fields = record(layer);
  const type = typeof fields?.type === 'string' && LAYER_TYPES.has(fields.type) ? fields.type : undefined;
  const name = typeof fields?.name === 'string' && NAME.test(fields.name) ? fields.name : undefined;
  const details = [type, name].filter((part): part is string => part !== undefined);
  return `layer ${index + 1}${details.length ? ` (${details.join(' ')})` : ''}`;
}

export function describePath(path: JsonPath, data: unknown): PathWords {
  const [first, second, third] = path;
  if (first === 'model' && second === 'layers' && typeof third === 'number') {
    const layers = record(data)?.model;
    const layer = (record(layers)?.layers as unknown[] | undefined)?.[third];
    const [, , , fourth, fifth] = path;
    const block = record(layer);
    if (fourth === 'layers' && typeof fifth === 'number' && block?.type === 'block') {
      // A layer inside a block: `block h, layer 2 (causal_self_attention attn)`.
      const blockName = typeof block.name === 'string' && NAME.test(block.name) ? `block ${block.name}` : describeLayer(third, layer);
      const inner = (block.layers as unknown[] | undefined)?.[fifth];
      return { context: `${blockName}, ${describeLayer(fifth, inner)}`, field: path.slice(5).join('.') };
    }
    return { context: describeLayer(third, layer), field: path.slice(3).join('.') };
  }
  if ((first === 'regularization' || first === 'constraints') && typeof second === 'number') {
    const kind = first === 'regularization' ? 'regularization rule' : 'constraint rule';
    return { context: `${kind} ${second + 1}`, field: path.slice(2).join('.') };
  }
  return { context: '', field: path.join('.') };
}

/** `layer 2 (dropout): rate` / `training.batch_size` / `the spec`. */
export function subject(words: PathWords): string {
  if (words.context && words.field) return `${words.context}: ${words.field}`;
  return words.context || words.field || 'the spec';
}

/** A value as the user wrote it, short. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 42 ? `${text.slice(0, 40)}…"` : text;
  }
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
