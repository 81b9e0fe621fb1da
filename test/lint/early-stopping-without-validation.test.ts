import { ruleTester } from './rule-tester.js';

const withSplit = (split: string, early = 'early_stopping: {patience: 3}') =>
  `mlpc: 1\nname: t\ndata: {source: synthetic, examples: 1000, features: 8, classes: 3, train: 800${split}}\n` +
  `training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, epochs: 2, ${early}}\n` +
  'model:\n  input: [8]\n  layers:\n    - {type: dense, units: 3}\n';

ruleTester('early-stopping-without-validation', {
  valid: [
    { name: 'a validation split to watch', code: withSplit(', validation: 100') },
    { name: 'no early stopping, no validation', code: withSplit('', 'steps: 10').replace(', epochs: 2', '') },
  ],
  invalid: [
    {
      name: 'no validation key',
      code: withSplit(''),
      errors: [{ messageId: 'noValidation', line: 4, column: 96, data: { monitor: 'val_loss', restore: '' } }],
    },
    {
      name: 'validation: 0 with restore_best',
      code: withSplit(', validation: 0, test: 100', 'early_stopping: {patience: 3, monitor: val_accuracy, restore_best: true}'),
      errors: [{ messageId: 'noValidation', line: 4, column: 96, data: { monitor: 'val_accuracy', restore: ' and restore_best has no best to restore' } }],
    },
  ],
});
