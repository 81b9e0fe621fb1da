import { describe, expect, it } from 'vitest';
import { positionOf } from '../spec/helpers.js';
import { errorsOf, lower } from './helpers.js';

const out = '{type: dense, name: out, units: 10}';

describe('lowering: names, defaults, training', () => {
  it('generates Keras-style names counted per type, skipping names already taken', () => {
    const ir = lower({ layers: ['{type: dense, units: 32}', '{type: dropout, rate: 0.1}', '{type: dense, name: dense_2, units: 16}', '{type: dense, units: 16}', '{type: dropout, rate: 0.2}', out] });
    expect(ir.layers.map((layer) => [layer.name, layer.generatedName])).toEqual([
      ['dense_1', true],
      ['dropout_1', true],
      ['dense_2', false],
      ['dense_3', true],
      ['dropout_2', true],
      ['out', false],
    ]);
  });

  it.each([
    ['{type: sgd}', { learningRate: { kind: 'constant', value: 0.01 }, momentum: 0, nesterov: false }],
    ['{type: adam}', { learningRate: { kind: 'constant', value: 0.001 }, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
    ['{type: adamw}', { learningRate: { kind: 'constant', value: 0.001 }, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.004, exclude: [] }],
    ['{type: rmsprop}', { learningRate: { kind: 'constant', value: 0.001 }, rho: 0.9, momentum: 0, epsilon: 1e-7 }],
  ])('Keras defaults for %s', (optimizer, expected) => {
    expect(lower({ layers: [out], optimizer }).training.optimizer).toMatchObject(expected);
  });

  it('a learning-rate schedule', () => {
    const ir = lower({ layers: [out], optimizer: '{type: sgd, learning_rate: {schedule: exponential_decay, initial: 0.5, decay_steps: 100, decay_rate: 0.96}}' });
    expect(ir.training.optimizer.learningRate).toEqual({ kind: 'exponential_decay', initial: 0.5, decaySteps: 100, decayRate: 0.96, staircase: false });
  });

  it('epochs become steps: epochs x ceil(train / batch_size)', () => {
    const ir = lower({ layers: [out], training: ['  batch_size: 32', '  epochs: 3'] });
    expect(ir.training).toMatchObject({ steps: 3 * Math.ceil(100 / 32), epochs: 3, batchSize: 32 });
  });

  it('training defaults: batch 32, seed 0, eval every tenth of the steps', () => {
    expect(lower({ layers: [out], training: ['  steps: 95'] }).training).toMatchObject({ batchSize: 32, seed: 0, evalEvery: 10 });
  });
});

describe('semantic errors while lowering', () => {
  it('steps and epochs both', () => {
    const { text, diagnostics } = errorsOf({ layers: [out], training: ['  steps: 10', '  epochs: 2'] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'steps-and-epochs', location: positionOf(text, 'epochs') });
    expect(diagnostics[0]?.related?.[0]?.location).toMatchObject(positionOf(text, 'steps'));
  });

  it('neither steps nor epochs', () => {
    const { text, diagnostics } = errorsOf({ layers: [out], training: ['  batch_size: 8'] });
    expect(diagnostics[0]).toMatchObject({ code: 'missing-steps', location: positionOf(text, 'training') });
  });

  it('duplicate layer names, with the first use as related location', () => {
    const { text, diagnostics } = errorsOf({ layers: ['{type: dense, name: out, units: 32}', out] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'duplicate-name', message: 'layer 2: the name "out" is already used by layer 1', location: positionOf(text, 'out', 2) });
    expect(diagnostics[0]?.related?.[0]?.location).toMatchObject(positionOf(text, 'out', 1));
  });

  it('a model too large for memory reports its parameter count at the biggest layer', () => {
    const { text, diagnostics } = errorsOf({ layers: ['{type: dense, name: huge, units: 1000000}', '{type: dense, name: huge2, units: 1000}', out] });
    const diagnostic = diagnostics.find((d) => d.code === 'too-large');
    expect(diagnostic?.message).toContain(`${(784 * 1e6 + 1e6 + 1e9 + 1000 + 10010).toLocaleString('en-US')} parameters`);
    expect(diagnostic?.location).toMatchObject(positionOf(text, '{type: dense, name: huge2'));
  });

  it('the output must match the loss and the classes', () => {
    const { text, diagnostics } = errorsOf({ layers: ['{type: dense, name: out, units: 7}'] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'output-mismatch', location: positionOf(text, '{type: dense, name: out') });
    expect(diagnostics[0]?.message).toBe(
      "layer 1 (dense out): the model's output is [7], but softmax_cross_entropy needs one output per class (10 classes), so it must be [10]",
    );
  });

  it('more examples than the source has', () => {
    const { text, diagnostics } = errorsOf({ layers: [out], data: ['  source: mnist', '  train: 9000', '  validation: 1000', '  test: 1000'] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'data-size', location: positionOf(text, 'data') });
  });
});
