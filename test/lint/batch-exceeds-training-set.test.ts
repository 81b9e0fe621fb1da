import { ruleTester } from './rule-tester.js';

const withData = (train: number, batch: number) =>
  `mlpc: 1\nname: t\ndata: {source: synthetic, examples: 1000, features: 8, classes: 3, train: ${train}}\n` +
  `training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: ${batch}, epochs: 2}\n` +
  'model:\n  input: [8]\n  layers:\n    - {type: dense, units: 3}\n';

/** Token files that do not exist here: the IR's data.train is 0 (unknown). */
const tokens = 'mlpc: 2\nname: t\ndata: {source: tokens, train_path: missing/train.bin, validation_path: missing/val.bin, dtype: uint16, vocabulary: 65, block_size: 16}\n' +
  'model:\n  input: [16]\n  layers:\n    - {type: embedding, vocabulary: 65, width: 256}\n    - {type: dense, units: 65}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, batch_size: 64, steps: 10}\n';

ruleTester('batch-exceeds-training-set', {
  valid: [
    { name: 'batch equal to the training set (full-batch gradient descent)', code: withData(128, 128) },
    { name: 'an ordinary minibatch', code: withData(800, 32) },
    { name: 'token files not readable at compile time: data.train 0 means unknown, not empty', code: tokens },
  ],
  invalid: [
    {
      name: 'batch 128 on 100 examples',
      code: withData(100, 128),
      errors: [{ messageId: 'batchTooLarge', line: 4, column: 97, data: { batch: 128, train: 100, repeated: 28, epochs: 1.28 } }],
    },
  ],
});
