import { ruleTester } from './rule-tester.js';

const mse = 'training: {loss: mean_squared_error, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n';
const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;
const csv = 'mlpc: 1\nname: t\ndata: {source: csv, path: data.csv, label: price, train: 200}\n';
const synthetic = 'mlpc: 1\nname: t\ndata: {source: synthetic, examples: 300, features: 8, classes: 3, train: 200}\n';

ruleTester('mse-for-classification', {
  valid: [
    { name: 'one-unit regression on a csv column', code: `${csv}${mse}${model('    - {type: dense, units: 16, activation: relu}\n    - {type: dense, units: 1}\n')}` },
    { name: 'cross-entropy on classes', code: `${synthetic}training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n${model('    - {type: dense, units: 3}\n')}` },
  ],
  invalid: [
    {
      name: 'MSE on a softmax over the classes (example-a.com 66908204)',
      code: `${synthetic}${mse}${model('    - {type: dense, units: 16, activation: relu}\n    - {type: dense, units: 3, activation: softmax}\n')}`,
      errors: [{ messageId: 'oneHot', line: 4, column: 18, data: { classes: 3, source: 'synthetic' } }],
    },
    {
      name: 'MSE on one output regressing on class labels',
      code: `${synthetic}${mse}${model('    - {type: dense, units: 1}\n')}`,
      errors: [{ messageId: 'classLabels', line: 4, column: 18, data: { source: 'synthetic', declared: '', last: 2 } }],
    },
    {
      name: 'MSE on one output of a csv whose classes are written',
      code: `mlpc: 1\nname: t\ndata: {source: csv, path: xor.csv, label: xor, classes: 2, train: 200}\n${mse}${model('    - {type: dense, units: 1}\n')}`,
      errors: [{ messageId: 'classLabels', line: 4, column: 18, data: { source: 'csv', declared: ' (classes: 2)', last: 1 } }],
    },
    {
      name: 'MSE on one-hot targets of a csv with a class per unit',
      code: `mlpc: 1\nname: t\ndata: {source: csv, path: data.csv, label: kind, classes: 4, train: 200}\n${mse}${model('    - {type: dense, units: 4}\n')}`,
      errors: [{ messageId: 'oneHot', line: 4, column: 18 }],
    },
  ],
});
