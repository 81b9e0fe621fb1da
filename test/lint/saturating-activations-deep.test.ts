import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;
const dense = (name: string, activation: string) => `    - {type: dense, name: ${name}, units: 16, activation: ${activation}}\n`;
const out = '    - {type: dense, name: out, units: 3}\n';

ruleTester('saturating-activations-deep', {
  valid: [
    { name: 'two sigmoid layers', code: spec(model(dense('a', 'sigmoid') + dense('b', 'sigmoid') + out)) },
    { name: 'three tanh layers with batch_norm between', code: spec(model(dense('a', 'tanh') + '    - {type: batch_norm}\n' + dense('b', 'tanh') + '    - {type: batch_norm}\n' + dense('c', 'tanh') + out)) },
    { name: 'a relu layer breaks the run', code: spec(model(dense('a', 'sigmoid') + dense('b', 'sigmoid') + dense('c', 'relu') + dense('d', 'sigmoid') + out)) },
    { name: 'the output layer does not count', code: spec(model(dense('a', 'tanh') + dense('b', 'tanh') + '    - {type: dense, units: 3, activation: tanh}\n'), 'training: {loss: mean_squared_error, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n') },
  ],
  invalid: [
    {
      name: 'four sigmoid layers of 500 (AI Stack Exchange 16557)',
      code: spec(model(dense('a', 'sigmoid') + dense('b', 'sigmoid') + dense('c', 'sigmoid') + dense('d', 'sigmoid') + out)),
      errors: [
        {
          messageId: 'deepRun',
          line: 8,
          column: 7,
          data: { count: 4, layers: 'a sigmoid, b sigmoid, c sigmoid, d sigmoid', bound: 'at most 0.25 for sigmoid: at most 1/256 of the signal is left after 4 such layers' },
        },
      ],
    },
    {
      name: 'tanh through activation layers and dropout',
      code: spec(model('    - {type: dense, name: a, units: 16}\n    - {type: activation, activation: tanh}\n    - {type: dropout, rate: 0.2}\n' + dense('b', 'tanh') + dense('c', 'tanh') + out)),
      errors: [{ messageId: 'deepRun', line: 8, column: 7, data: { count: 3, layers: 'a tanh, b tanh, c tanh', bound: 'at most 1 for tanh and near 0 wherever a unit saturates' } }],
    },
    {
      name: 'LeNet-style tanh after max pooling (conv, pool, tanh)',
      code: spec(
        'model:\n  input: [2, 4, 1]\n  layers:\n' +
          '    - {type: conv2d, name: c1, filters: 4, kernel_size: 1}\n    - {type: max_pool2d, pool_size: 1}\n    - {type: activation, activation: tanh}\n' +
          '    - {type: conv2d, name: c2, filters: 4, kernel_size: 1}\n    - {type: max_pool2d, pool_size: 1}\n    - {type: activation, activation: tanh}\n' +
          '    - {type: flatten}\n    - {type: dense, name: f, units: 16, activation: tanh}\n    - {type: dense, units: 3}\n',
      ),
      errors: [{ messageId: 'deepRun', line: 8, column: 7, data: { count: 3, layers: 'c1 tanh, c2 tanh, f tanh', bound: 'at most 1 for tanh and near 0 wherever a unit saturates' } }],
    },
  ],
});
