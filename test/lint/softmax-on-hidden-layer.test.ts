import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('softmax-on-hidden-layer', {
  valid: [
    { name: 'softmax on the output (no-double-softmax decides about it)', code: spec(model('    - {type: dense, units: 16, activation: relu}\n    - {type: dense, units: 3, activation: softmax}\n')) },
    { name: 'a trailing softmax activation layer', code: spec(model('    - {type: dense, units: 3}\n    - {type: activation, activation: softmax}\n')) },
    { name: 'a one-unit softmax is single-unit-softmax\'s finding', code: spec(model('    - {type: dense, units: 1, activation: softmax}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'softmax on the first layer (the zero-initialized MNIST network)',
      code: spec(model('    - {type: dense, name: h, units: 10, activation: softmax}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'hiddenSoftmax', line: 8, column: 53, data: { where: 'h', units: 10 } }],
    },
    {
      name: 'softmax on a hidden conv1d',
      code: spec('model:\n  input: [4, 2]\n  layers:\n    - {type: conv1d, name: c, filters: 4, kernel_size: 2, activation: softmax}\n    - {type: flatten}\n    - {type: dense, units: 3}\n'),
      errors: [{ messageId: 'hiddenSoftmax', line: 8, column: 71, data: { where: 'c', units: 4 } }],
    },
    {
      name: 'a softmax activation layer between two dense layers',
      code: spec(model('    - {type: dense, units: 16}\n    - {type: activation, name: mix, activation: softmax}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'hiddenSoftmax', line: 9, column: 7, data: { where: 'activation layer mix', units: 16 } }],
    },
  ],
});
