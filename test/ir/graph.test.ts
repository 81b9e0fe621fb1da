/** Spec v2 lowering on the anchor spec: graph errors at the `from` value, tied parameters, selectors by kind and rank, the vocabulary check. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { positionOf } from '../spec/helpers.js';

const FILE = 'specs/shakespeare_char.yaml';
const anchor = readFileSync(FILE, 'utf8');
const withChange = (from: string, to: string) => {
  expect(anchor).toContain(from);
  return anchor.replace(from, to);
};
const compileText = (text: string) => compileSpecText(FILE, text);
const errors = (text: string) => compileText(text).diagnostics.filter((d) => d.severity === 'error');

describe('spec v2: the anchor GPT', () => {
  it('has nanoGPT parameter counts: 795,904 without wpe (0.80M), 804,096 with', () => {
    const { ir, diagnostics } = compileText(anchor);
    expect(diagnostics).toEqual([]);
    if (!ir) throw new Error('no IR');
    const wpe = ir.parameters.find((p) => p.id === 'wpe.embeddings');
    expect(ir.totals.trainable).toBe(804_096);
    expect(ir.totals.trainable - (wpe?.count ?? 0)).toBe(795_904);
    expect(ir.data).toMatchObject({ source: 'text', vocabulary: 65, classes: 65, train: 1_003_854, validation: 111_540 });
  });

  it('names block instances with dots and resolves from to full names', () => {
    const { ir } = compileText(anchor);
    const res1 = ir?.layers.find((l) => l.name === 'h.2.res_1');
    expect(res1?.inputs).toEqual(['h.1.res_2', 'h.2.attn_drop']);
    expect(res1?.block).toEqual({ name: 'h', instance: 2, local: 'res_1' });
    expect(ir?.layers.find((l) => l.name === 'h.0.res_1')?.inputs).toEqual(['dropout_1', 'h.0.attn_drop']);
    expect(ir?.layers.find((l) => l.name === 'ln_f')?.inputs).toEqual(['h.3.res_2']);
  });

  it('ties lm_head to wte.embeddings: one tensor, one owner, an alias', () => {
    const { ir } = compileText(anchor);
    const wte = ir?.parameters.find((p) => p.id === 'wte.embeddings');
    expect(wte?.aliases).toEqual(['lm_head.kernel']);
    expect(ir?.parameters.some((p) => p.id === 'lm_head.kernel')).toBe(false);
    expect(ir?.layers.find((l) => l.name === 'lm_head')).toMatchObject({ type: 'dense', tiedKernel: 'wte.embeddings', params: [] });
  });

  const decayed = (exclude: string, biases = false) => {
    let text = withChange('exclude: [{ndim: "< 2"}]', `exclude: ${exclude}`);
    if (biases) text = text.replace(/use_bias: false/g, 'use_bias: true').replace('units: 65, use_bias: true', 'units: 65, use_bias: false');
    const { ir, diagnostics } = compileText(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return (ir?.parameters ?? []).filter((p) => p.weightDecay && !p.id.startsWith('h.1') && !p.id.startsWith('h.2') && !p.id.startsWith('h.3')).map((p) => p.id);
  };

  it('nanoGPT: decay iff ndim >= 2 (the embeddings, qkv, both projections, fc)', () => {
    expect(decayed('[{ndim: "< 2"}]')).toEqual(['wte.embeddings', 'wpe.embeddings', 'h.0.attn.qkv.kernel', 'h.0.attn.proj.kernel', 'h.0.fc.kernel', 'h.0.proj.kernel']);
  });

  it('HF Trainer: everything but biases and norm parameters; timm: ndim <= 1 or *.bias', () => {
    const expected = ['wte.embeddings', 'wpe.embeddings', 'h.0.attn.qkv.kernel', 'h.0.attn.proj.kernel', 'h.0.fc.kernel', 'h.0.proj.kernel'];
    expect(decayed('[{kind: [bias, norm_gain, norm_bias]}]', true)).toEqual(expected);
    expect(decayed('[{ndim: "<= 1"}, "*.bias"]', true)).toEqual(expected);
  });

  it('records the rule that decided, with its line', () => {
    const { ir } = compileText(anchor);
    const gain = ir?.parameters.find((p) => p.id === 'h.0.ln_1.gamma');
    expect(gain?.weightDecayOrigin).toMatchObject({ kind: 'exclude', entryIndex: 0, selector: '{ndim: "< 2"}', matchedName: 'h.0.ln_1.gamma' });
    expect(gain?.weightDecayOrigin?.ref.location.line).toBe(positionOf(anchor, '{ndim: "< 2"}').line);
    const qkv = ir?.parameters.find((p) => p.id === 'h.0.attn.qkv.kernel');
    expect(qkv?.weightDecayOrigin).toMatchObject({ kind: 'default' });
    expect(qkv?.weightDecayOrigin?.ref.location.line).toBe(positionOf(anchor, 'weight_decay: 0.1').line);
  });

  it('a tied tensor excluded under one name and decayed under the other is an error naming both (nanoGPT 7c828855)', () => {
    const text = withChange('exclude: [{ndim: "< 2"}]', 'exclude: [{kind: embedding}]');
    const [error, ...rest] = errors(text);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: 'tied-conflict', location: positionOf(text, '{kind: embedding}') });
    expect(error?.message).toContain('as wte.embeddings');
    expect(error?.message).toContain('decays it as lm_head.kernel');
  });

  it('a regularization rule that selects a tied tensor under one name only is an error', () => {
    const text = withChange('training:', 'regularization:\n  - {params: "*.kernel", l2: 0.001}\ntraining:');
    const [error] = errors(text);
    expect(error).toMatchObject({ code: 'tied-conflict', location: positionOf(text, '"*.kernel"') });
    const fixed = withChange('training:', 'regularization:\n  - {params: ["*.kernel", wte.embeddings], l2: 0.001}\ntraining:');
    const { ir } = compileText(fixed);
    expect(ir?.parameters.find((p) => p.id === 'wte.embeddings')?.regularizers).toHaveLength(1);
  });

  it.each([
    ['an unknown from', 'from: [res_1, mlp_drop]', 'from: [res_1, mlp_dorp]', 'mlp_dorp', 'graph-unknown-input', 'did you mean "mlp_drop"'],
    ['a forward reference', 'from: [input, attn_drop]', 'from: [input, fc]', 'fc]', 'graph-forward-reference', 'below this one'],
    ['a cycle', 'from: [input, attn_drop]', 'from: [input, res_1]', 'res_1]', 'graph-cycle', 'its own output'],
    ['a shape mismatch at an add', 'from: [res_1, mlp_drop]', 'from: [res_1, fc]', 'fc]', 'shape-mismatch', '[64, 128] from block h, layer 4 (add h.0.res_1) and [64, 512]'],
  ])('%s is one error at the from value', (_name, from, to, at, code, words) => {
    const text = withChange(from, to);
    const found = errors(text);
    expect(found.map((d) => d.code)).toEqual([code]);
    expect(found[0]?.location).toMatchObject(positionOf(text, at));
    expect(found[0]?.message).toContain(words);
  });

  it('the embedding vocabulary and the output units must be the data vocabulary (exit 2 at the layer)', () => {
    const text = withChange('vocabulary: 65', 'vocabulary: 64');
    const found = errors(text);
    expect(found.find((d) => d.code === 'vocabulary-mismatch')).toMatchObject({ location: positionOf(text, '64, width') });
    const units = withChange('units: 65, use_bias: false, tie', 'units: 64, use_bias: false, tie');
    expect(errors(units).map((d) => d.code)).toContain('output-mismatch');
  });

  it('an unknown tie suggests the parameter id', () => {
    const text = withChange('tie: wte.embeddings', 'tie: wte.embedding');
    expect(errors(text)).toMatchObject([{ code: 'unknown-tie', location: positionOf(text, 'wte.embedding}') }]);
    expect(errors(text)[0]?.message).toContain('did you mean "wte.embeddings"');
  });

  it('mlpc: 1 with v2 features says it needs mlpc: 2, at the feature', () => {
    const text = withChange('mlpc: 2', 'mlpc: 1');
    const found = errors(text);
    expect(found[0]).toMatchObject({ code: 'needs-v2', location: positionOf(text, 'embedding, name: wte') });
    expect(found.filter((d) => d.code === 'needs-v2').length).toBeGreaterThanOrEqual(5);
  });

  it('a missing or non-UTF-8 text file is an error at data.path with the byte position', () => {
    const missing = withChange('../data/tinyshakespeare/input.txt', '../data/nowhere.txt');
    expect(errors(missing)[0]).toMatchObject({ code: 'data-file', location: positionOf(missing, '../data/nowhere.txt') });
    const bad = withChange('../data/tinyshakespeare/input.txt', '../test/ir/fixtures/latin1.txt');
    const [error] = errors(bad);
    expect(error?.code).toBe('data-file');
    expect(error?.message).toContain('at byte 5');
  });

  it.each([
    ['pos_embedding', 'position_embedding'],
    ['attention', 'causal_self_attention'],
    ['layernorm', 'layer_norm'],
    ['embeding', 'embedding'],
  ])('an unknown layer type %s suggests only the same layer: %s', (typo, meant) => {
    const text = withChange('type: layer_norm, name: ln_f', `type: ${typo}, name: ln_f`);
    expect(errors(text)[0]?.message).toContain(`did you mean "${meant}"?`);
  });
});
