import { ruleTester } from './rule-tester.js';

const withData = (train: number, batch: number) =>
  `mlpc: 1\nname: t\ndata: {source: synthetic, examples: 1000, features: 8, classes: 3, train: ${train}}\n` +
  `training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: ${batch}, epochs: 2}\n` +
  'model:\n  input: [8]\n  layers:\n    - {type: dense, units: 3}\n';

ruleTester('batch-exceeds-training-set', {
  valid: [
    { name: 'batch equal to the training set (full-batch gradient descent)', code: withData(128, 128) },
    { name: 'an ordinary minibatch', code: withData(800, 32) },
  ],
  invalid: [
    {
      name: 'batch 128 on 100 examples',
      code: withData(100, 128),
      errors: [{ messageId: 'batchTooLarge', line: 4, column: 97, data: { batch: 128, train: 100, repeated: 28, epochs: 1.28 } }],
    },
  ],
});
