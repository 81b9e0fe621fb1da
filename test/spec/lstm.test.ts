/**
 * The lstm layer of spec v2 (specs/shakespeare_lstm.yaml) from the spec to the IR: Keras's parameter
 * counts and initializers, stacked layers, the last state, shape errors at the layer, the v1 guard,
 * and selectors over its parameters (by glob, by kind recurrent_kernel, by layer_type).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { positionOf } from './helpers.js';

const FILE = 'specs/shakespeare_lstm.yaml';
const shipped = readFileSync(FILE, 'utf8');
const LSTM_LINE = '    - {type: lstm, name: lstm, units: 128, layers: 2, dropout: 0.0}';
const withLstm = (lstm: string, extra = '') => {
  expect(shipped).toContain(LSTM_LINE);
  return shipped.replace(LSTM_LINE, `    - ${lstm}`) + extra;
};
const mnistRows = (lstm: string) =>
  `mlpc: 2\nname: rows\ndata: {source: mnist, train: 100}\nmodel:\n  input: [28, 28]\n  layers:\n    - ${lstm}\n    - {type: dense, units: 10}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 1}\n`;
const compile = (text: string) => compileSpecText(FILE, text);
const errors = (text: string) => compile(text).diagnostics.filter((d) => d.severity === 'error');

describe('spec v2: the lstm layer', () => {
  it('has Keras’s parameters per stacked layer: kernel [in, 4u], recurrent kernel [u, 4u], one bias [4u]; nn.LSTM’s count less one bias per layer', () => {
    const { ir, diagnostics } = compile(shipped);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lstm = ir!.parameters.filter((p) => p.layer === 'lstm');
    expect(lstm.map((p) => `${p.id} [${p.shape.join(', ')}] ${p.kind} ${p.init.type}`)).toEqual([
      'lstm.l0.kernel [64, 512] kernel glorot_uniform',
      'lstm.l0.recurrent_kernel [128, 512] recurrent_kernel orthogonal',
      'lstm.l0.bias [512] bias unit_forget_bias',
      'lstm.l1.kernel [128, 512] kernel glorot_uniform',
      'lstm.l1.recurrent_kernel [128, 512] recurrent_kernel orthogonal',
      'lstm.l1.bias [512] bias unit_forget_bias',
    ]);
    // torch.nn.LSTM(64, 128, num_layers=2) has 231,424 parameters: 4·128·(64 + 128) + 4·128·(128 + 128) + 4 biases of 512.
    expect(lstm.reduce((sum, p) => sum + p.count, 0)).toBe(231_424 - 2 * 512);
    expect(ir!.layers.find((l) => l.name === 'lstm')).toMatchObject({ type: 'lstm', units: 128, layers: 2, returnSequences: true, dropout: 0, unitForgetBias: true, outputShape: [64, 128] });
    // Keras's Orthogonal: rows of norm 1 spread over 512 columns; the forget-gate quarter of the bias is 1.
    expect(lstm[1].init.effectiveStddev).toBeCloseTo(1 / Math.sqrt(512), 12);
    expect(lstm[2].init).toMatchObject({ args: { units: 128 }, mean: 0.25 });
  });

  it('return_sequences: false gives the last state [units] (MNIST rows as a sequence); unit_forget_bias: false a zero bias; initializers as written', () => {
    const text = mnistRows('{type: lstm, name: lstm, units: 32, return_sequences: false, unit_forget_bias: false, kernel_init: he_uniform, recurrent_init: {type: orthogonal, gain: 2}}');
    const { ir, diagnostics } = compile(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ir!.layers.find((l) => l.name === 'lstm')).toMatchObject({ inputShape: [28, 28], outputShape: [32] });
    // Keras LSTM(32) on 28 features: 4·(32·(28 + 32) + 32) = 7,808 parameters.
    expect(ir!.totals.trainable).toBe(7_808 + 330);
    const init = Object.fromEntries(ir!.parameters.filter((p) => p.layer === 'lstm').map((p) => [p.param, p.init]));
    expect(init['l0.kernel']).toMatchObject({ type: 'he_uniform' });
    expect(init['l0.recurrent_kernel']).toMatchObject({ type: 'orthogonal', args: { gain: 2 } });
    expect(init['l0.bias']).toMatchObject({ type: 'zeros' });
    expect(init['l0.recurrent_kernel'].ref?.location.line).toBe(positionOf(text, 'recurrent_init').line);
  });

  it('an input that is not a sequence is exit 2 at the layer, naming the shape and its producer', () => {
    const text = withLstm('{type: lstm, name: lstm, units: 32, return_sequences: false}').replace('    - {type: dense, name: head, units: 65}', '    - {type: lstm, name: again, units: 8}\n    - {type: dense, name: head, units: 65}');
    const [error] = errors(text);
    expect(error).toMatchObject({ code: 'shape-mismatch', location: positionOf(text, 'lstm, name: again') });
    expect(error.message).toBe('layer 3 (lstm again): lstm needs a sequence [positions, features], got [32] from layer 2 (lstm lstm)');
  });

  it('under mlpc: 1 it is exit 2 asking for mlpc: 2; a bad field is a schema error at its key', () => {
    const v1 = 'mlpc: 1\nname: t\ndata: {source: mnist, train: 100}\nmodel:\n  input: [28, 28]\n  layers:\n    - {type: lstm, units: 8, return_sequences: false}\n    - {type: dense, units: 10}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 1}\n';
    const [needs] = errors(v1);
    expect(needs).toMatchObject({ code: 'needs-v2', location: positionOf(v1, 'lstm') });
    const bad = withLstm('{type: lstm, name: lstm, units: 32, layers: 0}');
    const [schema] = errors(bad);
    expect(schema).toMatchObject({ code: 'schema-range', message: 'layer 2 (lstm lstm): layers must be at least 1, got 0', location: positionOf(bad, '0}') });
  });

  it('selectors reach its parameters: a glob, kind recurrent_kernel, layer_type lstm', () => {
    const penalized = (rule: string) => {
      const { ir, diagnostics } = compile(withLstm('{type: lstm, name: lstm, units: 16, layers: 2}', `\nregularization:\n  - {params: ${rule}, l2: 1.0e-4}\n`));
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return ir!.parameters.filter((p) => p.regularizers.length > 0).map((p) => p.id);
    };
    expect(penalized('"*.recurrent_kernel"')).toEqual(['lstm.l0.recurrent_kernel', 'lstm.l1.recurrent_kernel']);
    expect(penalized('{kind: recurrent_kernel}')).toEqual(['lstm.l0.recurrent_kernel', 'lstm.l1.recurrent_kernel']);
    expect(penalized('{kind: kernel, layer_type: lstm}')).toEqual(['lstm.l0.kernel', 'lstm.l1.kernel']);
    expect(penalized('"lstm.l1.*"')).toEqual(['lstm.l1.kernel', 'lstm.l1.recurrent_kernel', 'lstm.l1.bias']);
  });

  it('gru: Keras’s reset_after parameters per layer (two biases, 3·units), nn.GRU’s count', () => {
    const { ir, diagnostics } = compile(withLstm('{type: gru, name: g, units: 128, layers: 2, dropout: 0.1}'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const gru = ir!.parameters.filter((p) => p.layer === 'g');
    expect(gru.slice(0, 4).map((p) => `${p.id} [${p.shape.join(', ')}] ${p.kind} ${p.init.type}`)).toEqual([
      'g.l0.kernel [64, 384] kernel glorot_uniform',
      'g.l0.recurrent_kernel [128, 384] recurrent_kernel orthogonal',
      'g.l0.bias [384] bias zeros',
      'g.l0.recurrent_bias [384] bias zeros',
    ]);
    // torch.nn.GRU(64, 128, num_layers=2): 3·128·(64 + 128) + 3·128·(128 + 128) + 4 biases of 384 = 173,568.
    expect(gru.reduce((sum, p) => sum + p.count, 0)).toBe(173_568);
    expect(ir!.layers.find((l) => l.name === 'g')).toMatchObject({ type: 'gru', units: 128, layers: 2, dropout: 0.1, outputShape: [64, 128] });
  });
});
