import { describe, expect, it } from 'vitest';
import { lintText, ruleTester } from './rule-tester.js';

const TEXT = 'data: {source: text, path: data/tinyshakespeare/input.txt, block_size: 16}';
const TOKENS = 'data: {source: tokens, train_path: train.bin, validation_path: val.bin, dtype: uint16, vocabulary: 65, block_size: 16}';

/** A language model: embedding (line 7), the layers under test from line 8, a dense head over the vocabulary. */
const lm = (layers: string[], data = TEXT) =>
  `mlpc: 2\nname: t\n${data}\nmodel:\n  input: [16]\n  layers:\n    - {type: embedding, name: e, vocabulary: 65, width: 8}\n` +
  layers.map((layer) => `    - ${layer}\n`).join('') +
  '    - {type: dense, name: out, units: 65}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, steps: 10}\n';

/** A tagger: a class per position given the whole sequence (csv `labels:`), where reading ahead is legitimate. */
const tagger = (layer: string) =>
  'mlpc: 2\nname: t\ndata: {source: csv, path: test/pytorch/fixtures/tagger.csv, features: [x0, x1, x2, x3, x4, x5, x6, x7], labels: [t0, t1, t2, t3, t4, t5, t6, t7], train: 96, validation: 16, test: 16}\n' +
  `model:\n  input: [8, 1]\n  layers:\n    - ${layer}\n    - {type: conv1d, filters: 3, kernel_size: 1}\n` +
  'training: {loss: softmax_cross_entropy, optimizer: {type: adam}, batch_size: 16, steps: 10}\n';

const BIDIR = { what: 'bidirectional: true', reach: 'every later position (its backward direction)' };

ruleTester('future-leak-in-language-model', {
  valid: [
    { name: 'a one-direction lstm language model', code: lm(['{type: lstm, name: r, units: 8, layers: 2}']) },
    { name: 'bidirectional: false written out (gru)', code: lm(['{type: gru, name: r, units: 8, bidirectional: false}']) },
    {
      name: 'causal_self_attention masks later positions (a GPT block)',
      code: lm(['{type: position_embedding}', '{type: layer_norm}', '{type: causal_self_attention, heads: 2}', '{type: dense, units: 8, activation: gelu}']),
    },
    { name: 'conv1d kernel_size 1 with padding same reads position t only', code: lm(['{type: conv1d, filters: 8, kernel_size: 1, padding: same}']) },
    { name: 'max_pool1d pool_size 1, strides 1, padding same', code: lm(['{type: max_pool1d, pool_size: 1, strides: 1, padding: same}']) },
    { name: 'batch_norm mixes positions only through per-channel batch statistics: not reported', code: lm(['{type: batch_norm}']) },
    { name: 'a bidirectional lstm in a tagger (csv labels: [...]): every label is given with the whole sequence', code: tagger('{type: lstm, units: 4, bidirectional: true}') },
    { name: 'a same-padded conv1d in a tagger', code: tagger('{type: conv1d, filters: 4, kernel_size: 3, padding: same}') },
    {
      name: 'a bidirectional lstm on mnist rows (one label per image)',
      code: 'mlpc: 2\nname: t\ndata: {source: mnist, train: 100}\nmodel:\n  input: [28, 28]\n  layers:\n    - {type: lstm, units: 8, bidirectional: true, return_sequences: false}\n    - {type: dense, units: 10}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 1}\n',
    },
    {
      name: 'a leaky branch the output never reads',
      code: lm(['{type: lstm, name: r, units: 8}', '{type: lstm, name: side, units: 8, bidirectional: true}', '{type: dense, name: proj, units: 8, from: r}']),
    },
  ],
  invalid: [
    {
      name: 'a bidirectional lstm character model (char-rnn-tensorflow#64)',
      code: lm(['{type: lstm, name: r, units: 8, bidirectional: true}']),
      errors: [{ messageId: 'leak', line: 8, column: 54, data: { type: 'lstm', layer: 'r', ...BIDIR } }],
    },
    {
      name: 'a stacked bidirectional gru on token files',
      code: lm(['{type: gru, name: g, units: 8, layers: 2, dropout: 0.1, bidirectional: true}'], TOKENS),
      errors: [{ messageId: 'leak', line: 8, column: 78, data: { type: 'gru', layer: 'g', ...BIDIR } }],
    },
    {
      name: 'two bidirectional layers: each reported at its own field',
      code: lm(['{type: lstm, name: a, units: 8, bidirectional: true}', '{type: gru, name: b, units: 8, bidirectional: true}']),
      errors: [
        { messageId: 'leak', line: 8, column: 54 },
        { messageId: 'leak', line: 9, column: 53 },
      ],
    },
    {
      name: 'conv1d kernel_size 3 padding same (minGRU-pytorch#3): one position ahead',
      code: lm(['{type: conv1d, name: c, filters: 8, kernel_size: 3, padding: same}']),
      errors: [{ messageId: 'leak', line: 8, column: 68, data: { type: 'conv1d', layer: 'c', what: 'padding: same with kernel_size 3', reach: 'up to 1 position ahead' } }],
    },
    {
      name: 'conv1d kernel_size 2 padding same: Keras pads the one extra position after',
      code: lm(['{type: conv1d, name: c, filters: 8, kernel_size: 2, padding: same}']),
      errors: [{ messageId: 'leak', line: 8, column: 68, data: { type: 'conv1d', layer: 'c', what: 'padding: same with kernel_size 2', reach: 'up to 1 position ahead' } }],
    },
    {
      name: 'conv1d kernel_size 5 padding same: two positions ahead',
      code: lm(['{type: conv1d, name: c, filters: 8, kernel_size: 5, padding: same}']),
      errors: [{ messageId: 'leak', line: 8, column: 68, data: { type: 'conv1d', layer: 'c', what: 'padding: same with kernel_size 5', reach: 'up to 2 positions ahead' } }],
    },
    {
      name: 'average_pool1d pool_size 3, strides 1, padding same',
      code: lm(['{type: average_pool1d, name: p, pool_size: 3, strides: 1, padding: same}']),
      errors: [{ messageId: 'leak', line: 8, column: 74, data: { type: 'average_pool1d', layer: 'p', what: 'padding: same with pool_size 3', reach: 'up to 1 position ahead' } }],
    },
    {
      name: 'a bidirectional gru inside a repeated block: one finding for its line, through a residual add',
      code: lm([
        '{type: dense, name: stem, units: 8}',
        '{name: h, type: block, repeat: 3, layers: [{type: gru, name: g, units: 4, bidirectional: true}, {type: add, name: res, from: [input, g]}]}',
      ]),
      errors: [{ messageId: 'leak', line: 9, column: 96, data: { type: 'gru', layer: 'h.*.g', ...BIDIR } }],
    },
  ],
});

describe('future-leak-in-language-model: the finding points at the data too', () => {
  it('relates the finding to data.source and hints at the causal layer', () => {
    const [finding] = lintText(lm(['{type: lstm, name: r, units: 8, bidirectional: true}'])).filter((d) => d.code === 'future-leak-in-language-model');
    expect(finding?.severity).toBe('error');
    expect(finding?.related?.map((r) => [r.message, r.location.line, r.location.column])).toEqual([['source: text: the targets are the inputs shifted by one position', 3, 16]]);
    expect(finding?.hint).toMatch(/^Set bidirectional: false/);
    const [conv] = lintText(lm(['{type: conv1d, name: c, filters: 8, kernel_size: 3, padding: same}'])).filter((d) => d.code === 'future-leak-in-language-model');
    expect(conv?.hint).toMatch(/^Use kernel_size 1/);
  });
});
