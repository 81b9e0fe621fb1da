/**
 * bidirectional: true on lstm and gru (spec v2, issue #21) from the spec to the IR: Keras
 * Bidirectional(merge_mode='concat') parameter counts (two of each tensor per layer, the second
 * layer's kernels reading 2·units), the output widths [T, 2·units] and [2·units], the `_reverse`
 * names (PyTorch's) reached by selectors, and each direction's own initializer.
 */
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';

const rows = (layer: string) =>
  `mlpc: 2\nname: rows\ndata: {source: mnist, train: 100}\nmodel:\n  input: [28, 28]\n  layers:\n    - ${layer}\n    - {type: dense, units: 10}\n` +
  `regularization:\n  - {params: "*.recurrent_kernel", l2: 1.0e-4}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 1}\n`;
const compile = (text: string) => {
  const result = compileSpecText('rows.yaml', text);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.ir!;
};

describe('spec v2: bidirectional lstm and gru', () => {
  it('lstm, return_sequences false: Keras Bidirectional(LSTM(32)) on 28 features has 2 × 7,808 parameters and outputs [64]', () => {
    const ir = compile(rows('{type: lstm, name: rnn, units: 32, bidirectional: true, return_sequences: false}'));
    expect(ir.layers.find((l) => l.name === 'rnn')).toMatchObject({ bidirectional: true, inputShape: [28, 28], outputShape: [64] });
    const rnn = ir.parameters.filter((p) => p.layer === 'rnn');
    expect(rnn.map((p) => `${p.param} [${p.shape.join(', ')}] ${p.init.type}`)).toEqual([
      'l0.kernel [28, 128] glorot_uniform',
      'l0.recurrent_kernel [32, 128] orthogonal',
      'l0.bias [128] unit_forget_bias',
      'l0_reverse.kernel [28, 128] glorot_uniform',
      'l0_reverse.recurrent_kernel [32, 128] orthogonal',
      'l0_reverse.bias [128] unit_forget_bias',
    ]);
    // the dense head reads 64 = 2·32 features
    expect(ir.totals.trainable).toBe(2 * 7_808 + 64 * 10 + 10);
    // each direction its own stream: the reverse kernel is another tensor with the same initializer
    expect(rnn[3].kind).toBe('kernel');
    expect(rnn[4].kind).toBe('recurrent_kernel');
    expect(ir.parameters.filter((p) => p.regularizers.length > 0).map((p) => p.id)).toEqual(['rnn.l0.recurrent_kernel', 'rnn.l0_reverse.recurrent_kernel']);
  });

  it('two stacked layers: the second reads [forward h, backward h] (2·units); the sequence output is [T, 2·units]', () => {
    const ir = compile(rows('{type: lstm, name: rnn, units: 16, layers: 2, bidirectional: true}').replace('{type: dense, units: 10}', '{type: lstm, units: 10, return_sequences: false}'));
    expect(ir.layers.find((l) => l.name === 'rnn')).toMatchObject({ layers: 2, outputShape: [28, 32] });
    const shapes = ir.parameters.filter((p) => p.layer === 'rnn').map((p) => `${p.param} [${p.shape.join(', ')}]`);
    expect(shapes.filter((s) => s.includes('.kernel'))).toEqual(['l0.kernel [28, 64]', 'l0_reverse.kernel [28, 64]', 'l1.kernel [32, 64]', 'l1_reverse.kernel [32, 64]']);
    // Keras: 2 · (4·(16·(28 + 16) + 16) + 4·(16·(32 + 16) + 16)) = 2 · (2,880 + 3,136)
    expect(ir.parameters.filter((p) => p.layer === 'rnn').reduce((s, p) => s + p.count, 0)).toBe(2 * (2_880 + 3_136));
  });

  it('gru: Keras Bidirectional(GRU(8, reset_after=True)) on 28 features: 2 × 3·(8·(28 + 8) + 2·8) parameters, two biases per direction', () => {
    const ir = compile(rows('{type: gru, name: rnn, units: 8, bidirectional: true, return_sequences: false}'));
    expect(ir.layers.find((l) => l.name === 'rnn')).toMatchObject({ bidirectional: true, outputShape: [16] });
    const rnn = ir.parameters.filter((p) => p.layer === 'rnn');
    expect(rnn.map((p) => p.param)).toEqual([
      'l0.kernel', 'l0.recurrent_kernel', 'l0.bias', 'l0.recurrent_bias',
      'l0_reverse.kernel', 'l0_reverse.recurrent_kernel', 'l0_reverse.bias', 'l0_reverse.recurrent_bias',
    ]);
    expect(rnn.reduce((s, p) => s + p.count, 0)).toBe(2 * 3 * (8 * (28 + 8) + 2 * 8));
  });

  it('without bidirectional nothing changes: one direction, [T, units]', () => {
    const ir = compile(rows('{type: gru, name: rnn, units: 8, bidirectional: false}').replace('{type: dense, units: 10}', '{type: gru, units: 10, return_sequences: false}'));
    expect(ir.layers.find((l) => l.name === 'rnn')).toMatchObject({ bidirectional: false, outputShape: [28, 8] });
    expect(ir.parameters.filter((p) => p.layer === 'rnn').some((p) => p.param.includes('_reverse'))).toBe(false);
  });
});
