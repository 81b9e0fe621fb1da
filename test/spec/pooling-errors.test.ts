/** Pooling layers in specs: shapes, and bad input reported at its YAML position. */
import { describe, expect, it } from 'vitest';
import { compile, only, positionOf } from './helpers.js';

const spec = (input: string, layers: string[]) => `mlpc: 1
name: pools
data: {source: synthetic, examples: 300, features: 48, classes: 3, train: 64}
model:
  input: ${input}
  layers:
${layers.map((layer) => `    - ${layer}`).join('\n')}
    - {type: dense, name: out, units: 3}
training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, steps: 10}
`;

describe('pooling layers', () => {
  it('shapes: 2-D windows as TF computes them, global pools to channels', () => {
    const text = spec('[4, 4, 3]', ['{type: average_pool2d, pool_size: 3, strides: 2, padding: same}', '{type: global_average_pool2d}']);
    const { ir, diagnostics } = compile(text);
    expect(diagnostics).toEqual([]);
    expect(ir!.layers.map((layer) => [layer.type, layer.outputShape])).toEqual([
      ['average_pool2d', [2, 2, 3]],
      ['global_average_pool2d', [3]],
      ['dense', [3]],
    ]);
  });

  it('shapes: 1-D windows over steps, channels kept', () => {
    const text = spec('[12, 4]', ['{type: max_pool1d, pool_size: 3, strides: 2, padding: same}', '{type: average_pool1d}', '{type: global_max_pool1d}']);
    const { ir, diagnostics } = compile(text);
    expect(diagnostics).toEqual([]);
    expect(ir!.layers.map((layer) => layer.outputShape)).toEqual([[6, 4], [3, 4], [4], [3]]);
  });

  it('a 2-D pool on a sequence: shape-mismatch at the layer type', () => {
    const text = spec('[12, 4]', ['{type: average_pool2d}']);
    const diagnostic = only(compile(text).diagnostics);
    expect(diagnostic.code).toBe('shape-mismatch');
    expect(diagnostic.message).toContain('average_pool2d needs an input [height, width, channels], got [12, 4]');
    expect(diagnostic.location).toMatchObject(positionOf(text, 'average_pool2d'));
  });

  it('a 1-D pool on an image, and a window longer than the steps with padding valid', () => {
    const image = only(compile(spec('[4, 4, 3]', ['{type: global_average_pool1d}'])).diagnostics);
    expect(image.message).toContain('global_average_pool1d needs an input [steps, channels], got [4, 4, 3]');
    const text = spec('[3, 16]', ['{type: max_pool1d, pool_size: 4}', '{type: global_max_pool1d}']);
    const tooLong = only(compile(text).diagnostics);
    expect(tooLong.message).toContain('a window of 4 does not fit the 3 steps with padding valid');
    expect(tooLong.location).toMatchObject(positionOf(text, 'max_pool1d'));
  });

  it('schema: a 1-D pool size is a whole number, at its position', () => {
    const text = spec('[12, 4]', ['{type: average_pool1d, pool_size: [2, 2]}', '{type: global_average_pool1d}']);
    const diagnostic = only(compile(text).diagnostics);
    expect(diagnostic.message).toBe('layer 1 (average_pool1d): pool_size must be a whole number, got a list');
    expect(diagnostic.location).toMatchObject(positionOf(text, '[2, 2]'));
  });

  it('avg_pool2d is now a spelling of average_pool2d', () => {
    const text = spec('[4, 4, 3]', ['{type: avg_pool2d}', '{type: flatten}']);
    expect(only(compile(text).diagnostics).message).toBe('layer 1: unknown layer type "avg_pool2d"; did you mean "average_pool2d"?');
  });
});
