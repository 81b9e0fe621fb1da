import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

const sequence = (layers: string) => `model:\n  input: [4, 2]\n  layers:\n${layers}`;

ruleTester('no-stacked-linear-layers', {
  valid: [
    { name: 'a max_pool2d between two convs does not make them one linear map', code: spec('model:\n  input: [2, 4, 1]\n  layers:\n    - {type: conv2d, filters: 2, kernel_size: 1}\n    - {type: max_pool2d}\n    - {type: activation, activation: relu}\n    - {type: flatten}\n    - {type: dense, units: 3}\n') },
    { name: 'activation between', code: spec(model('    - {type: dense, units: 16}\n    - {type: activation, activation: tanh}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'two linear dense layers through dropout',
      code: spec(model('    - {type: dense, name: h, units: 16}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, name: out, units: 3}\n')),
      errors: [{ messageId: 'noActivationBetween', line: 10, column: 7, data: { layer: 'out', previous: 'h' } }],
    },
    {
      name: 'two conv1d layers, the first linear (conv1d is a layer with weights)',
      code: spec(sequence('    - {type: conv1d, name: c1, filters: 4, kernel_size: 2}\n    - {type: conv1d, name: c2, filters: 4, kernel_size: 2, activation: relu}\n    - {type: flatten}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'noActivationBetween', line: 9, column: 7, data: { layer: 'c2', previous: 'c1' } }],
    },
  ],
});
