import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('init-scale', {
  valid: [
    { name: 'he_normal on relu', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: he_normal}\n    - {type: dense, units: 3}\n')) },
    // He for fan-in 8 is 0.5: 1.0 is 2×, inside the 3× band.
    { name: 'random_normal 1.0 at fan-in 8', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: {type: random_normal, stddev: 1.0}}\n    - {type: dense, units: 3}\n')) },
    { name: 'default glorot_uniform', code: spec(model('    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'stddev 10 at fan-in 8 with relu: 20× He',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: relu,\n       kernel_init: {type: random_normal, stddev: 10}}\n    - {type: dense, units: 3}\n')),
      errors: [{ line: 9, column: 21, message: "h.kernel: random_normal(stddev 10) is 20× He's stddev 0.5 = sqrt(2/8) for relu at fan-in 8" }],
    },
    {
      name: 'tiny uniform on a linear output: Glorot',
      code: spec(model('    - {type: dense, name: out, units: 3, kernel_init: {type: random_uniform, minval: -0.01, maxval: 0.01}}\n')),
      // Glorot sqrt(2/(8+3)) = 0.426; uniform(-0.01, 0.01) has stddev 0.02/sqrt(12) = 0.00577: 1/73.9.
      errors: [{ line: 8, column: 55, message: "is 1/73.9 of Glorot's stddev 0.426 = sqrt(2/(8+3)) for linear" }],
    },
  ],
});
