import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('init-scale', {
  valid: [
    { name: 'he_normal on relu', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: he_normal}\n    - {type: dense, units: 3}\n')) },
    // He for fan-in 8 is 0.5: 1.0 is 2×, inside the 3× band.
    { name: 'random_normal 1.0 at fan-in 8', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: {type: random_normal, stddev: 1.0}}\n    - {type: dense, units: 3}\n')) },
    { name: 'default glorot_uniform', code: spec(model('    - {type: dense, units: 3}\n')) },
    // CNTK's ConvBatchNorm shape: batch_norm divides the kernel's scale out of the forward pass.
    { name: 'a linear kernel feeding batch_norm directly', code: spec(model('    - {type: dense, units: 16, kernel_init: {type: random_normal, stddev: 10}}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')) },
    { name: 'a relu kernel reaching batch_norm through dropout', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: {type: random_normal, stddev: 10}}\n    - {type: dropout, rate: 0.5}\n    - {type: batch_norm}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'stddev 10 at fan-in 8 with relu: 20× He',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: relu,\n       kernel_init: {type: random_normal, stddev: 10}}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'offScale', line: 9, column: 21, data: { param: 'h.kernel', written: 'random_normal(stddev 10)', writtenRatio: '20×', scheme: 'He', recommended: 0.5, formula: 'sqrt(2/8)', activation: 'relu', fanIn: 8, drawn: '', factor: 3, direction: 'larger' } }],
    },
    {
      name: 'tiny uniform on a linear output: Glorot',
      code: spec(model('    - {type: dense, name: out, units: 3, kernel_init: {type: random_uniform, minval: -0.01, maxval: 0.01}}\n')),
      // Glorot sqrt(2/(8+3)) = 0.426; uniform(-0.01, 0.01) has stddev 0.02/sqrt(12) = 0.00577: 1/73.9.
      errors: [{ messageId: 'offScale', line: 8, column: 55 }],
    },
    {
      // sigmoid is not scale-equivariant: the init decides how saturated the units start, batch_norm after it or not.
      name: 'a sigmoid kernel before batch_norm is still checked',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: sigmoid, kernel_init: {type: random_normal, stddev: 10}}\n    - {type: batch_norm}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'offScale', line: 8, column: 75 }],
    },
  ],
});
