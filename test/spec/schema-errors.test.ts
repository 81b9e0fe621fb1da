import { describe, expect, it } from 'vitest';
import { baseSpec, compile, mutate, only, positionOf } from './helpers.js';

interface Case {
  name: string;
  from: string;
  to: string;
  code: string;
  /** The text the diagnostic must point at (its first occurrence in the mutated spec). */
  at: string;
  message: string;
  hint?: string;
}

const cases: Case[] = [
  { name: 'exclusive maximum', from: 'rate: 0.5', to: 'rate: 1.5', code: 'schema-range', at: '1.5', message: 'layer 2 (dropout): rate must be below 1, got 1.5' },
  { name: 'minimum', from: 'batch_size: 32', to: 'batch_size: 0', code: 'schema-range', at: '0\n  steps', message: 'training.batch_size must be at least 1, got 0' },
  { name: 'absurd size', from: 'units: 32', to: 'units: 1000000000000', code: 'schema-range', at: '1000000000000', message: 'layer 1 (dense hidden): units must be at most 1048576, got 1000000000000' },
  { name: 'negative size', from: 'units: 32', to: 'units: -3', code: 'schema-range', at: '-3', message: 'layer 1 (dense hidden): units must be at least 1, got -3' },
  { name: 'wrong type', from: 'units: 32', to: 'units: many', code: 'schema-type', at: 'many', message: 'layer 1 (dense hidden): units must be a whole number, got "many"' },
  { name: 'fraction for an integer', from: 'steps: 10', to: 'steps: 10.5', code: 'schema-type', at: '10.5', message: 'training.steps must be a whole number, got 10.5' },
  { name: 'unknown key with did-you-mean', from: 'units: 32,', to: 'unit: 32,', code: 'unknown-key', at: 'unit:', message: 'layer 1 (dense hidden): unknown key "unit"; did you mean "units"?' },
  { name: 'unknown top-level key', from: 'training:', to: 'trainig:', code: 'unknown-key', at: 'trainig', message: 'unknown key "trainig"; did you mean "training"?' },
  { name: 'enum with did-you-mean', from: 'activation: relu', to: 'activation: rleu', code: 'schema-enum', at: 'rleu', message: 'layer 1 (dense hidden): activation must be one of linear, relu, elu, selu, tanh, sigmoid, softmax, gelu, got "rleu"; did you mean "relu"?' },
  { name: 'unknown layer type', from: 'type: dropout', to: 'type: dropuot', code: 'schema-enum', at: 'dropuot', message: 'layer 2: unknown layer type "dropuot"; did you mean "dropout"?' },
  { name: 'unknown data source', from: 'source: mnist', to: 'source: mnsit', code: 'schema-enum', at: 'mnsit', message: 'data: unknown data source "mnsit"; did you mean "mnist"?' },
  { name: 'unknown optimizer', from: 'type: sgd', to: 'type: adamm', code: 'schema-enum', at: 'adamm', message: 'training.optimizer: unknown optimizer type "adamm"; did you mean "adam"?' },
  { name: 'format version', from: 'mlpc: 1', to: 'mlpc: 3', code: 'schema-enum', at: '3', message: 'mlpc must be one of 1, 2 (the spec format version), got 3' },
  { name: 'name pattern', from: 'name: hidden', to: 'name: Hidden', code: 'schema-pattern', at: 'Hidden', message: 'layer 1 (dense): name must be a lowercase name: a letter, then letters, digits or underscores ([a-z][a-z0-9_]*), got "Hidden"' },
  { name: 'missing field', from: ', units: 10}', to: '}', code: 'schema-required', at: '{type: dense, name: out', message: 'layer 3 (dense out) is missing the required field units' },
  { name: 'missing top-level field', from: 'name: base\n', to: '', code: 'schema-required', at: 'mlpc', message: 'the spec is missing the required field name' },
  { name: 'missing layer type', from: '{type: dropout, rate: 0.5}', to: '{rate: 0.5}', code: 'schema-required', at: '{rate', message: 'layer 2 is missing the required field type' },
  { name: 'regularizer without l1 or l2', from: ', l2: 0.001}', to: '}', code: 'schema-required', at: '{params', message: 'regularization rule 1 needs l1 or l2' },
  { name: 'number or schedule', from: 'learning_rate: 0.1', to: 'learning_rate: fast', code: 'schema-type', at: 'fast', message: 'training.optimizer.learning_rate must be a number or a mapping, got "fast"' },
  { name: 'incomplete schedule', from: 'learning_rate: 0.1', to: 'learning_rate: {schedule: exponential_decay, initial: 0.1}', code: 'schema-required', at: '{schedule', message: 'training.optimizer.learning_rate is missing the required fields decay_steps, decay_rate' },
  { name: 'unknown initializer argument', from: 'activation: relu}', to: 'activation: relu, kernel_init: {type: random_normal, stdev: 1}}', code: 'unknown-key', at: 'stdev', message: 'layer 1 (dense hidden): unknown key "stdev" in kernel_init; did you mean "stddev"?' },
  { name: 'initializer name', from: 'activation: relu}', to: 'activation: relu, kernel_init: he_normall}', code: 'schema-enum', at: 'he_normall', message: 'layer 1 (dense hidden): kernel_init must be one of zeros, ones, constant, random_normal, truncated_normal, random_uniform, glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_normal, orthogonal, got "he_normall"; did you mean "he_normal"?' },
  { name: 'empty layer list', from: '  layers:\n    - {type: dense, name: hidden, units: 32, activation: relu}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, name: out, units: 10}\n', to: '  layers: []\n', code: 'schema-range', at: '[]', message: 'model.layers must have at least 1 item, got 0' },
  { name: 'list of wrong kind', from: 'input: [784]', to: 'input: 784', code: 'schema-type', at: '784', message: 'model.input must be a list, got 784' },
  { name: 'kernel size kind', from: '{type: dense, name: hidden, units: 32, activation: relu}', to: '{type: conv2d, filters: 4, kernel_size: big}', code: 'schema-type', at: 'big', message: 'layer 1 (conv2d): kernel_size must be a whole number or a list, got "big"' },
  { name: 'selector pattern', from: '"*.kernel"', to: '"*/kernel"', code: 'schema-pattern', at: '"*/kernel"', message: 'regularization rule 1: params must be a glob over "<layer>.<param>" such as "*.kernel", got "*/kernel"' },
  { name: 'a layer that is not a mapping', from: '{type: dropout, rate: 0.5}', to: 'dropout', code: 'schema-type', at: 'dropout\n', message: 'layer 2 must be a mapping, got "dropout"' },
  { name: 'a layer type that is not a name', from: 'type: dropout', to: 'type: 5', code: 'schema-type', at: '5,', message: 'layer 2: type must be one of dense, dropout, activation, flatten, conv2d, conv1d, max_pool2d, average_pool2d, global_average_pool2d, global_max_pool2d, average_pool1d, max_pool1d, global_average_pool1d, global_max_pool1d, batch_norm, embedding, position_embedding, layer_norm, causal_self_attention, gru, lstm, add, drop_path, block, got 5' },
  { name: 'optimizer written as a name', from: '{type: sgd, learning_rate: 0.1}', to: 'sgd', code: 'schema-type', at: 'sgd', message: 'training.optimizer must be a mapping, got "sgd"', hint: 'write {type: sgd}' },
  { name: 'constraint rule without a constraint', from: 'training:', to: 'constraints:\n  - {params: "*.kernel"}\ntraining:', code: 'schema-required', at: '{params: "*.kernel"}', message: 'constraint rule 1 needs max_norm or non_neg or unit_norm' },
  { name: 'constraint flag must be true', from: 'training:', to: 'constraints:\n  - {params: "*.kernel", non_neg: false}\ntraining:', code: 'schema-enum', at: 'false', message: 'constraint rule 1: non_neg must be true, got false' },
  { name: 'keep_prob outside dropout is an unknown key', from: '{type: dense, name: out, units: 10}', to: '{type: dense, name: out, units: 10, keep_prob: 0.5}', code: 'unknown-key', at: 'keep_prob', message: 'layer 3 (dense out): unknown key "keep_prob"' },
];

describe('schema errors: one diagnostic each, worded for the user, at the offending node', () => {
  it.each(cases)('$name', ({ from, to, code, at, message, hint }) => {
    const text = mutate(from, to);
    const result = compile(text);
    expect(result.ir).toBeUndefined();
    const diagnostic = only(result.diagnostics);
    expect(diagnostic).toMatchObject({ code, severity: 'error', message });
    if (hint) expect(diagnostic.hint).toBe(hint);
    expect({ line: diagnostic.location?.line, column: diagnostic.location?.column }).toEqual(positionOf(text, at));
  });

  it('reports every problem at once, in document order', () => {
    const text = mutate('rate: 0.5', 'rate: 2', mutate('units: 32,', 'unit: 32,', mutate('batch_size: 32', 'batch_size: -1')));
    const result = compile(text);
    expect(result.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['unknown-key', positionOf(text, 'unit:').line, positionOf(text, 'unit:').column],
      ['schema-range', positionOf(text, '2}').line, positionOf(text, '2}').column],
      ['schema-range', positionOf(text, '-1').line, positionOf(text, '-1').column],
    ]);
  });

  it('lists the allowed keys as a hint for an unknown key', () => {
    const diagnostic = only(compile(mutate('units: 32,', 'unitz: 32,')).diagnostics);
    expect(diagnostic.hint).toBe('allowed here: type, name, from, units, activation, use_bias, kernel_init, bias_init, kernel_regularizer, bias_regularizer, kernel_constraint, activity_regularizer, tie');
  });

  it('accepts the base spec', () => {
    const result = compile(baseSpec);
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.name).toBe('base');
  });
});
