import { HEAD, ruleTester } from './rule-tester.js';

const withBatch = (batch: number, layers: string) =>
  `${HEAD}training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: ${batch}, steps: 10}\nmodel:\n  input: [8]\n  layers:\n${layers}`;
const normed = '    - {type: dense, units: 16, use_bias: false}\n    - {type: batch_norm, name: bn}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n';

ruleTester('batch-norm-tiny-batch', {
  valid: [
    { name: 'batch 8 with batch_norm', code: withBatch(8, normed) },
    { name: 'batch 1 without batch_norm', code: withBatch(1, '    - {type: dense, units: 3}\n') },
  ],
  invalid: [
    {
      name: 'batch 1 with batch_norm (keras-team/keras#8837)',
      code: withBatch(1, normed),
      errors: [{ messageId: 'tinyBatch', line: 4, column: 97, data: { batch: 1, s: '', count: 'batch_norm bn', minBatch: 8 } }],
    },
    {
      name: 'batch 4 with two batch_norm layers',
      code: withBatch(4, '    - {type: dense, units: 16, use_bias: false}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 16, use_bias: false}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n'),
      errors: [{ messageId: 'tinyBatch', line: 4, column: 97, data: { batch: 4, s: 's', count: '2 batch_norm layers', minBatch: 8 } }],
    },
  ],
});
