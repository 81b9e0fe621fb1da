import { ruleTester } from './rule-tester.js';

const spec = (lstm: string) =>
  `mlpc: 2\nname: t\ndata: {source: text, path: data/tinyshakespeare/input.txt, level: char, block_size: 16}\nmodel:\n  input: [16]\n  layers:\n    - {type: embedding, vocabulary: 65, width: 8}\n    - ${lstm}\n    - {type: dense, units: 65}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, steps: 10}\n`;

ruleTester('weight-drop-rate', {
  valid: [
    { name: "AWD-LSTM's 0.5", code: spec('{type: lstm, units: 8, weight_drop: 0.5}') },
    { name: 'a gru at 0.2', code: spec('{type: gru, units: 8, weight_drop: 0.2}') },
    { name: 'no weight drop', code: spec('{type: lstm, units: 8}') },
  ],
  invalid: [
    {
      name: 'an lstm at 0.9 (PetrochukM/PyTorch-NLP#93)',
      code: spec('{type: lstm, name: rnn, units: 8, weight_drop: 0.9}'),
      errors: [{ messageId: 'tooHigh', line: 8, column: 54, data: { type: 'lstm', layer: 'rnn', rate: 0.9, percent: 90 } }],
    },
    {
      name: 'a gru just above the limit',
      code: spec('{type: gru, name: g, units: 8, layers: 2, weight_drop: 0.55}'),
      errors: [{ messageId: 'tooHigh', line: 8, column: 62, data: { type: 'gru', layer: 'g', rate: 0.55, percent: 55 } }],
    },
  ],
});
