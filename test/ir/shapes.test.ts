import { describe, expect, it } from 'vitest';
import { windowOutputLength } from '../../src/compiler/ir/shapes.js';
import { positionOf } from '../spec/helpers.js';
import { errorsOf, lower } from './helpers.js';

const dense10 = '{type: dense, units: 10}';

describe('shape inference', () => {
  it('dense: [in] -> [units], kernel [in, units], bias [units]', () => {
    const ir = lower({ layers: ['{type: dense, name: h, units: 32}', dense10] });
    expect(ir.layers.map((layer) => [layer.inputShape, layer.outputShape])).toEqual([
      [[784], [32]],
      [[32], [10]],
    ]);
    expect(ir.parameters.map((p) => [p.id, p.shape, p.count])).toEqual([
      ['h.kernel', [784, 32], 784 * 32],
      ['h.bias', [32], 32],
      ['dense_1.kernel', [32, 10], 320],
      ['dense_1.bias', [10], 10],
    ]);
  });

  it('dense without bias owns only a kernel', () => {
    const ir = lower({ layers: ['{type: dense, name: h, units: 32, use_bias: false}', dense10] });
    expect(ir.layers[0]?.params).toEqual(['h.kernel']);
  });

  // Independent figures: TensorFlow's conv output size, valid = ceil((n - k + 1) / s), same = ceil(n / s).
  it.each([
    { n: 28, k: 5, s: 1, padding: 'valid', expected: 24 },
    { n: 28, k: 5, s: 1, padding: 'same', expected: 28 },
    { n: 28, k: 3, s: 2, padding: 'valid', expected: 13 },
    { n: 28, k: 3, s: 2, padding: 'same', expected: 14 },
    { n: 7, k: 2, s: 2, padding: 'valid', expected: 3 },
    { n: 7, k: 2, s: 2, padding: 'same', expected: 4 },
    { n: 5, k: 5, s: 3, padding: 'valid', expected: 1 },
  ] as const)('window length n=$n k=$k s=$s $padding -> $expected', ({ n, k, s, padding, expected }) => {
    expect(windowOutputLength(n, k, s, padding)).toBe(expected);
    expect(windowOutputLength(n, k, s, padding)).toBe(padding === 'same' ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s));
  });

  it('conv2d valid and same with strides, pooling, flatten', () => {
    const ir = lower({
      input: '[28, 28, 1]',
      layers: [
        '{type: conv2d, name: c1, filters: 8, kernel_size: 5}',
        '{type: conv2d, name: c2, filters: 4, kernel_size: [3, 2], strides: 2, padding: same}',
        '{type: max_pool2d, name: p1}',
        '{type: max_pool2d, name: p2, pool_size: 3, strides: 1, padding: same}',
        '{type: batch_norm, name: bn}',
        '{type: flatten, name: f}',
        dense10,
      ],
    });
    expect(Object.fromEntries(ir.layers.map((layer) => [layer.name, layer.outputShape]))).toEqual({
      c1: [24, 24, 8],
      c2: [12, 12, 4],
      p1: [6, 6, 4],
      p2: [6, 6, 4],
      bn: [6, 6, 4],
      f: [144],
      dense_1: [10],
    });
    const byId = Object.fromEntries(ir.parameters.map((p) => [p.id, p]));
    expect(byId['c1.kernel']).toMatchObject({ shape: [5, 5, 1, 8], count: 200, fanIn: 25, fanOut: 200 });
    expect(byId['c2.kernel']).toMatchObject({ shape: [3, 2, 8, 4], count: 192, fanIn: 48, fanOut: 24 });
    expect(byId['bn.moving_mean']).toMatchObject({ shape: [4], trainable: false });
    expect(byId['dense_1.kernel']?.shape).toEqual([144, 10]);
    expect(ir.totals).toEqual({ trainable: 200 + 8 + 192 + 4 + 8 + 1450, nonTrainable: 8, penalized: 0 });
  });

  it('conv2d on a rank-1 input is a shape error at the layer type', () => {
    const { text, diagnostics } = errorsOf({ layers: ['{type: conv2d, filters: 8, kernel_size: 3}', '{type: flatten}', dense10] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'shape-mismatch',
      message: 'layer 1 (conv2d conv2d_1): conv2d needs an input [height, width, channels], got [784] from model.input',
      location: positionOf(text, 'conv2d, filters'),
    });
    expect(diagnostics[0]?.hint).toContain('[28, 28, 1]');
  });

  it('dense after conv2d without flatten is a shape error naming the producer', () => {
    const { text, diagnostics } = errorsOf({ input: '[28, 28, 1]', layers: ['{type: conv2d, name: c, filters: 8, kernel_size: 3}', '{type: dense, name: out, units: 10}'] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'shape-mismatch',
      message: 'layer 2 (dense out): dense needs a flat input [features], got [26, 26, 8] from layer 1 (conv2d c)',
      hint: 'add {type: flatten} before this layer',
      location: positionOf(text, 'dense, name: out'),
    });
  });

  it('a window larger than its valid-padded input', () => {
    const { diagnostics } = errorsOf({ input: '[4, 4, 1]', data: ['  source: synthetic', '  examples: 100', '  features: 16', '  classes: 10', '  train: 50'], layers: ['{type: conv2d, filters: 2, kernel_size: 5}', '{type: flatten}', dense10] });
    expect(diagnostics[0]?.message).toBe('layer 1 (conv2d conv2d_1): a 5x5 window does not fit the 4x4 input with padding valid');
  });

  it('model.input must hold what the data source gives', () => {
    const { text, diagnostics } = errorsOf({ input: '[28, 28, 3]', layers: ['{type: flatten}', dense10] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'input-mismatch', location: positionOf(text, '[28, 28, 3]') });
  });
});
