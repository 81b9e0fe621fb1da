import { ruleTester } from './rule-tester.js';

const spec = (lstm: string) =>
  `mlpc: 2\nname: t\ndata: {source: mnist, train: 100}\nmodel:\n  input: [28, 28]\n  layers:\n    - ${lstm}\n    - {type: dense, units: 10}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 1}\n`;

ruleTester('dropout-between-single-layer', {
  valid: [
    { name: 'two layers: dropout between them', code: spec('{type: lstm, units: 8, layers: 2, return_sequences: false, dropout: 0.3}') },
    { name: 'one layer, no dropout', code: spec('{type: lstm, units: 8, return_sequences: false}') },
    { name: 'one layer, dropout 0', code: spec('{type: lstm, units: 8, return_sequences: false, dropout: 0}') },
  ],
  invalid: [
    {
      name: 'one layer by default, dropout 0.5 (pyro-ppl/pyro#1415)',
      code: spec('{type: lstm, name: rnn, units: 8, return_sequences: false, dropout: 0.5}'),
      errors: [{ messageId: 'singleLayer', line: 7, column: 75, data: { type: 'lstm', layer: 'rnn', rate: 0.5 } }],
    },
    {
      name: 'layers: 1 written out',
      code: spec('{type: lstm, units: 8, layers: 1, dropout: 0.2, return_sequences: false}'),
      errors: [{ messageId: 'singleLayer', line: 7, column: 50 }],
    },
    {
      name: 'a gru, one layer, dropout 0.3',
      code: spec('{type: gru, name: g, units: 8, dropout: 0.3, return_sequences: false}'),
      errors: [{ messageId: 'singleLayer', line: 7, column: 47, data: { type: 'gru', layer: 'g', rate: 0.3 } }],
    },
  ],
});
