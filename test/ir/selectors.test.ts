import { describe, expect, it } from 'vitest';
import { positionOf } from '../spec/helpers.js';
import { errorsOf, lower, specText } from './helpers.js';

const mlp = ['{type: dense, name: hidden, units: 32, activation: relu}', '{type: dropout, rate: 0.5}', '{type: dense, name: out, units: 10}'];

describe('selectors and the parameter table', () => {
  it('globs over "<layer>.<param>", rules in order, every entry traced to its rule', () => {
    const parts = { layers: mlp, regularization: ['{params: "*.kernel", l2: 0.0005}', '{params: ["hidden.*"], l1: 0.01, l2: 0.02}'] };
    const text = specText(parts);
    const ir = lower(parts);
    const hiddenKernel = ir.parameters.find((p) => p.id === 'hidden.kernel');
    expect(hiddenKernel?.regularizers.map((r) => [r.kind, r.lambda])).toEqual([
      ['l2', 0.0005],
      ['l1', 0.01],
      ['l2', 0.02],
    ]);
    const origin = hiddenKernel?.regularizers[1]?.origin;
    expect(origin).toMatchObject({ kind: 'rule', section: 'regularization', ruleIndex: 1, selectors: ['hidden.*'] });
    if (origin?.kind !== 'rule') throw new Error('expected a rule');
    expect(origin.ref.location).toMatchObject(positionOf(text, '{params: ["hidden.*"]'));
    expect(origin.entryRef.location).toMatchObject(positionOf(text, '0.01'));
    expect(ir.parameters.find((p) => p.id === 'out.bias')?.regularizers).toEqual([]);
    expect(ir.totals.penalized).toBe(784 * 32 + 32 + 320);
  });

  it('layer shorthands lower to the same entries, after the rules, with their own location', () => {
    const parts = {
      layers: ['{type: dense, name: hidden, units: 32, kernel_regularizer: {l2: 0.001}, bias_regularizer: {l1: 0.1}, kernel_constraint: {max_norm: 2}}', '{type: dense, name: out, units: 10}'],
      regularization: ['{params: "hidden.kernel", l1: 0.5}'],
      constraints: ['{params: "*.kernel", unit_norm: true}'],
    };
    const text = specText(parts);
    const kernel = lower(parts).parameters.find((p) => p.id === 'hidden.kernel');
    expect(kernel?.regularizers.map((r) => [r.kind, r.lambda, r.origin.kind])).toEqual([
      ['l1', 0.5, 'rule'],
      ['l2', 0.001, 'shorthand'],
    ]);
    const shorthand = kernel?.regularizers[1]?.origin;
    expect(shorthand).toMatchObject({ kind: 'shorthand', layer: 'hidden', field: 'kernel_regularizer' });
    expect(shorthand?.ref.location).toMatchObject(positionOf(text, '{l2: 0.001}'));
    expect(shorthand?.entryRef.location).toMatchObject(positionOf(text, '0.001}'));
    expect(kernel?.constraints).toMatchObject([
      { kind: 'unit_norm', origin: { kind: 'rule', section: 'constraints', ruleIndex: 0 } },
      { kind: 'max_norm', maxValue: 2, origin: { kind: 'shorthand', field: 'kernel_constraint' } },
    ]);
  });

  it('a selector that matches nothing is an error at the selector, with a did-you-mean over real parameters', () => {
    const { text, diagnostics } = errorsOf({ layers: mlp, regularization: ['{params: ["*.kernel", "hiden.kernel"], l2: 0.1}'] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'unmatched-selector',
      message: 'regularization rule 1: "hiden.kernel" matches no parameter; did you mean "hidden.kernel"?',
      hint: 'parameters: hidden.kernel, hidden.bias, out.kernel, out.bias',
      location: positionOf(text, '"hiden.kernel"'),
    });
  });

  it('a shorthand bias regularizer on a layer without bias', () => {
    const { diagnostics } = errorsOf({ layers: ['{type: dense, name: out, units: 10, use_bias: false, bias_regularizer: {l2: 0.1}}'] });
    expect(diagnostics.map((d) => d.code)).toEqual(['unmatched-selector']);
  });

  it('regularizing a non-trainable parameter (batch_norm moving statistics) is an error', () => {
    const layers = ['{type: dense, name: h, units: 32}', '{type: batch_norm, name: bn}', '{type: dense, name: out, units: 10}'];
    const { text, diagnostics } = errorsOf({ layers, regularization: ['{params: "bn.moving_mean", l2: 0.1}'] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'non-trainable-parameter', location: positionOf(text, '"bn.moving_mean"') });
    expect(diagnostics[0]?.message).toContain('selects only non-trainable parameters (bn.moving_mean)');
  });

  it('a glob skips non-trainable parameters silently', () => {
    const layers = ['{type: dense, name: h, units: 32}', '{type: batch_norm, name: bn}', '{type: dense, name: out, units: 10}'];
    const ir = lower({ layers, regularization: ['{params: "bn.*", l2: 0.1}'] });
    expect(ir.parameters.filter((p) => p.regularizers.length).map((p) => p.id)).toEqual(['bn.gamma', 'bn.beta']);
  });

  it('adamw decays every trainable parameter but the excluded ones', () => {
    const ir = lower({ layers: mlp, optimizer: '{type: adamw, weight_decay: 0.01, exclude: ["*.bias"]}' });
    expect(ir.parameters.map((p) => [p.id, p.weightDecay])).toEqual([
      ['hidden.kernel', true],
      ['hidden.bias', false],
      ['out.kernel', true],
      ['out.bias', false],
    ]);
    expect(ir.training.optimizer).toMatchObject({ type: 'adamw', weightDecay: 0.01, exclude: ['*.bias'], learningRate: { kind: 'constant', value: 0.001 } });
  });

  it('an adamw exclude that matches nothing is an error', () => {
    const { diagnostics } = errorsOf({ layers: mlp, optimizer: '{type: adamw, exclude: ["*.bais"]}' });
    expect(diagnostics.map((d) => d.message)).toEqual(['training.optimizer.exclude: "*.bais" matches no parameter; did you mean "*.bias"?']);
  });
});
