/** User wording and position of each schema problem: `layer 2 (dropout): rate must be below 1, got 1.5`. */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { describePath, showValue, subject } from './describe-path.js';
import { closestMatch, didYouMean } from './did-you-mean.js';
import { suggestName } from './name-suggestions.js';
import type { SchemaProblem } from './schema-errors.js';
import { allowedKeys, discriminatorValues, schemaAt } from './schema-walk.js';
import type { JsonPath, SpecSource } from './yaml-source.js';

const KIND_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  mapping: 'a mapping',
  array: 'a list',
  name: 'a name',
  null: 'nothing',
};

const PATTERN_WORDS: Record<string, string> = {
  '^[a-z][a-z0-9_]*$': 'a lowercase name: a letter, then letters, digits or underscores ([a-z][a-z0-9_]*)',
  '^[^\\u0000-\\u001f`]*$': 'a path without control characters or backticks',
  '^(<|<=|>|>=|==) ?[0-8]$': 'a rank or a comparison such as "< 2", "<= 1", ">= 2"',
  '^[a-z][a-z0-9_.]*$': 'a parameter id such as "wte.embeddings"',
};

/**
 * Names other libraries use for a layer mlpc spells differently: suggested before the closest spelling,
 * which could otherwise be a different layer ("pos_embedding" is nearest to "embedding").
 */
const LAYER_SYNONYMS: Record<string, string> = {
  pos_embedding: 'position_embedding',
  positional_embedding: 'position_embedding',
  position_embeddings: 'position_embedding',
  wpe: 'position_embedding',
  attention: 'causal_self_attention',
  self_attention: 'causal_self_attention',
  multi_head_attention: 'causal_self_attention',
  multihead_attention: 'causal_self_attention',
  layernorm: 'layer_norm',
  layer_normalization: 'layer_norm',
  ln: 'layer_norm',
  residual: 'add',
  sum: 'add',
  stochastic_depth: 'drop_path',
  droppath: 'drop_path',
  linear: 'dense',
  rnn: 'lstm',
  recurrent: 'lstm',
  lstm_cell: 'lstm',
};

function suggestTag(value: string, choices: readonly string[]): string {
  const synonym = LAYER_SYNONYMS[value.toLowerCase()];
  if (synonym && choices.includes(synonym)) return `; did you mean "${synonym}"?`;
  return suggestName(value, choices);
}

/** `layer type`, `data source`, `optimizer type`, `initializer type`. */
function whatIsTagged(path: JsonPath, tag: string): string {
  const last = path[path.length - 1];
  if (tag === 'source') return 'data source';
  if (typeof last === 'number') return 'layer type';
  if (last === 'optimizer') return 'optimizer type';
  if (last === 'learning_rate') return 'schedule';
  if (last === 'momentum') return 'momentum schedule';
  if (typeof last === 'string' && last.endsWith('_init')) return 'initializer type';
  return tag;
}

function valueAt(path: JsonPath, data: unknown): unknown {
  let value = data;
  for (const segment of path) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  return value;
}

interface Worded {
  code: string;
  message: string;
  location: SourceLocation;
  hint?: string;
}

/** A list under a csv source's `label`: one label column per position is `labels` (a tagger). */
function labelListHint(path: readonly (string | number)[], value: unknown): string | undefined {
  const isLabel = path.length === 2 && path[0] === 'data' && path[1] === 'label';
  return isLabel && Array.isArray(value) ? 'label names one column; one label column per position (a tagger) is labels: [NAME, ...]' : undefined;
}

function word(problem: SchemaProblem, source: SpecSource, data: unknown): Worded {
  const { path, params } = problem;
  const value = valueAt(path, data);
  const words = describePath(path, data);
  const who = subject(words);
  const got = `, got ${showValue(value)}`;
  const at = source.locate(path);
  const limit = String(params.limit);
  switch (problem.keyword) {
    case 'type': {
      const shorthand = typeof value === 'string' && discriminatorValues(path, data).includes(value);
      return {
        code: 'schema-type',
        message: `${who} must be ${KIND_WORDS[String(params.type)] ?? String(params.type)}${got}`,
        location: at,
        hint: shorthand ? `write {${schemaAt(path, data)?.discriminator?.propertyName ?? 'type'}: ${value}}` : labelListHint(path, value),
      };
    }
    case 'minimum':
      return { code: 'schema-range', message: `${who} must be at least ${limit}${got}`, location: at };
    case 'exclusiveMinimum':
      return { code: 'schema-range', message: `${who} must be above ${limit}${got}`, location: at };
    case 'maximum':
      return { code: 'schema-range', message: `${who} must be at most ${limit}${got}`, location: at };
    case 'exclusiveMaximum':
      return { code: 'schema-range', message: `${who} must be below ${limit}${got}`, location: at };
    case 'minItems':
    case 'maxItems': {
      const bound = problem.keyword === 'minItems' ? 'at least' : 'at most';
      const count = Array.isArray(value) ? value.length : 0;
      return { code: 'schema-range', message: `${who} must have ${bound} ${limit} item${limit === '1' ? '' : 's'}, got ${count}`, location: at };
    }
    case 'minLength':
      return { code: 'schema-range', message: `${who} must not be empty`, location: at };
    case 'maxLength':
      return { code: 'schema-range', message: `${who} must be at most ${limit} characters long`, location: at };
    case 'pattern': {
      const pattern = String(params.pattern);
      const expected = PATTERN_WORDS[pattern] ?? `a glob over "<layer>.<param>" such as "*.kernel"`;
      return { code: 'schema-pattern', message: `${who} must be ${expected}${got}`, location: at };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof value === 'string' ? suggestName(value, allowed) : '';
      const extra = path.length === 1 && path[0] === 'mlpc' ? ' (the spec format version)' : '';
      return { code: 'schema-enum', message: `${who} must be one of ${allowed.join(', ')}${extra}${got}${suggestion}`, location: at };
    }
    case 'const': {
      const allowed = params.allowedValue;
      const extra = path.length === 1 && path[0] === 'mlpc' ? ' (the spec format version)' : '';
      return { code: 'schema-enum', message: `${who} must be ${JSON.stringify(allowed)}${extra}${got}`, location: at };
    }
    case 'required': {
      const missing = problem.missing ?? [String(params.missingProperty)];
      const fields = missing.length === 1 ? `field ${missing[0]}` : `fields ${missing.join(', ')}`;
      return { code: 'schema-required', message: `${who} is missing the required ${fields}`, location: at };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keys = allowedKeys(path, data, value);
      const where = words.context ? `${words.context}: ` : '';
      const inside = words.field ? ` in ${words.field}` : '';
      return {
        code: 'unknown-key',
        message: `${where}unknown key ${JSON.stringify(key)}${inside}${didYouMean(key, keys)}`,
        location: source.locateKey([...path, key]),
        hint: keys.length ? `allowed here: ${keys.join(', ')}` : undefined,
      };
    }
    case 'discriminator': {
      const tag = String(params.tag);
      const choices = discriminatorValues(path, data);
      if (params.error === 'mapping') {
        const tagValue = (value as Record<string, unknown>)[tag];
        const what = whatIsTagged(path, tag);
        return {
          code: 'schema-enum',
          message: `${subject(words)}: unknown ${what} ${showValue(tagValue)}${typeof tagValue === 'string' ? suggestTag(tagValue, choices) : ''}`,
          location: source.locate([...path, tag]),
          hint: `one of ${choices.join(', ')}`,
        };
      }
      const tagValue = value && typeof value === 'object' ? (value as Record<string, unknown>)[tag] : undefined;
      if (tagValue !== undefined) {
        return {
          code: 'schema-type',
          message: `${subject(describePath([...path, tag], data))} must be one of ${choices.join(', ')}, got ${showValue(tagValue)}`,
          location: source.locate([...path, tag]),
        };
      }
      return { code: 'schema-required', message: `${who} is missing the required field ${tag}`, location: at, hint: `one of ${choices.join(', ')}` };
    }
    case 'minProperties':
      return { code: 'schema-required', message: `${who} must not be an empty mapping`, location: at, hint: `allowed here: ${allowedKeys(path, data, value).join(', ')}` };
    case 'needsOneOf':
      return { code: 'schema-required', message: `${who} needs ${(problem.oneOfFields ?? []).join(' or ')}`, location: at };
    case 'anyOf': {
      const kinds = [...new Set((problem.alternatives ?? []).map((kind) => KIND_WORDS[kind] ?? kind))];
      return { code: 'schema-type', message: `${who} must be ${kinds.join(' or ')}${got}`, location: at };
    }
    default:
      return { code: 'schema-invalid', message: `${who} is not valid here (${problem.keyword})`, location: at };
  }
}

/**
 * One "missing fields a, b" per mapping instead of one per field, and no "missing units" when the
 * same mapping has an unknown key "unit" whose did-you-mean says so.
 */
function mergeRequired(problems: readonly SchemaProblem[], data: unknown): SchemaProblem[] {
  const merged: SchemaProblem[] = [];
  const byPath = new Map<string, SchemaProblem>();
  const suggested = new Set<string>();
  for (const problem of problems) {
    if (problem.keyword !== 'additionalProperties') continue;
    const key = String(problem.params.additionalProperty);
    const match = closestMatch(key, allowedKeys(problem.path, data, valueAt(problem.path, data)));
    if (match) suggested.add(`${JSON.stringify(problem.path)}:${match}`);
  }
  for (const problem of problems) {
    if (problem.keyword !== 'required') {
      merged.push(problem);
      continue;
    }
    const field = String(problem.params.missingProperty);
    const pathKey = JSON.stringify(problem.path);
    if (suggested.has(`${pathKey}:${field}`)) continue;
    const existing = byPath.get(pathKey);
    if (existing) {
      existing.missing = [...(existing.missing ?? []), field];
      continue;
    }
    const copy: SchemaProblem = { ...problem, missing: [field] };
    byPath.set(pathKey, copy);
    merged.push(copy);
  }
  return merged;
}

export function wordProblems(problems: readonly SchemaProblem[], source: SpecSource, data: unknown): Diagnostic[] {
  return mergeRequired(problems, data).map((problem) => {
    const { code, message, location, hint } = word(problem, source, data);
    const diagnostic: Diagnostic = { code, severity: 'error', message, location };
    if (hint) diagnostic.hint = hint;
    return diagnostic;
  });
}
