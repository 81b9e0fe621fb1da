import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('bias-before-batch-norm', {
  valid: [
    { name: 'a relu between the layer and batch_norm', code: spec(model('    - {type: dense, units: 16, activation: relu}\n    - {type: batch_norm}\n    - {type: dense, units: 3}\n')) },
    { name: 'use_bias false', code: spec(model('    - {type: dense, units: 16, use_bias: false}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'dense with bias then batch_norm',
      code: spec(model('    - {type: dense, name: h, units: 16}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'biasCancelled', line: 8, column: 7, data: { layer: 'h', norm: 'batch_norm_1' } }],
    },
    {
      name: 'conv2d with bias then batch_norm',
      code: spec('model:\n  input: [2, 4, 1]\n  layers:\n    - {type: conv2d, name: c, filters: 2, kernel_size: 2}\n    - {type: batch_norm, name: bn}\n    - {type: flatten}\n    - {type: dense, units: 3}\n'),
      errors: [{ messageId: 'biasCancelled', line: 8, column: 7, data: { layer: 'c', norm: 'bn' } }],
    },
    {
      name: 'conv1d with bias then batch_norm on [steps, channels]',
      code: spec('model:\n  input: [4, 2]\n  layers:\n    - {type: conv1d, name: c, filters: 2, kernel_size: 2}\n    - {type: batch_norm, name: bn}\n    - {type: global_average_pool1d}\n    - {type: dense, units: 3}\n'),
      errors: [{ messageId: 'biasCancelled', line: 8, column: 7, data: { layer: 'c', norm: 'bn' } }],
    },
  ],
});
