import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('bias-before-batch-norm', {
  valid: [{ name: 'use_bias false', code: spec(model('    - {type: dense, units: 16, use_bias: false}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')) }],
  invalid: [
    {
      name: 'dense with bias then batch_norm',
      code: spec(model('    - {type: dense, name: h, units: 16}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')),
      errors: [{ line: 8, column: 7, message: "h's bias is cancelled by batch_norm" }],
    },
  ],
});

ruleTester('no-stacked-linear-layers', {
  valid: [{ name: 'activation between', code: spec(model('    - {type: dense, units: 16}\n    - {type: activation, activation: tanh}\n    - {type: dense, units: 3}\n')) }],
  invalid: [
    {
      name: 'two linear dense layers through dropout',
      code: spec(model('    - {type: dense, name: h, units: 16}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, name: out, units: 3}\n')),
      errors: [{ line: 10, column: 7, message: 'out follows h with no activation between them' }],
    },
  ],
});

ruleTester('no-constant-kernel-init', {
  valid: [{ name: 'zeros on a bias', code: spec(model('    - {type: dense, units: 3, bias_init: zeros}\n')) }],
  invalid: [
    {
      name: 'zeros kernel',
      code: spec(model('    - {type: dense, name: out, units: 3, kernel_init: zeros}\n')),
      errors: [{ line: 8, column: 55, message: 'out.kernel starts with every weight equal to 0: its 3 units' }],
    },
  ],
});
