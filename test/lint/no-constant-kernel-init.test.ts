import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('no-constant-kernel-init', {
  valid: [
    { name: 'zeros on a bias', code: spec(model('    - {type: dense, units: 3, bias_init: zeros}\n')) },
    // scikit.js' LogisticRegression: unit k's gradient (p_k - y_k)·x differs per class, so the zero start is harmless.
    { name: 'single-layer softmax regression with a zero kernel', code: spec(model('    - {type: dense, name: out, units: 3, kernel_init: zeros}\n')) },
    { name: 'a constant output kernel after a random hidden layer', code: spec(model('    - {type: dense, units: 16, activation: tanh}\n    - {type: dense, units: 3, kernel_init: {type: constant, value: 0.1}}\n')) },
    // Cross Validated 316898: the random next kernel gives each hidden unit its own gradient (92% on MNIST).
    { name: 'a zero sigmoid hidden kernel followed by a random kernel', code: spec(model('    - {type: dense, units: 16, activation: sigmoid, kernel_init: zeros}\n    - {type: dense, units: 3, kernel_init: {type: random_normal, stddev: 1.0}}\n')) },
    { name: 'a ones hidden kernel under relu followed by a random kernel', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: ones}\n    - {type: dense, units: 3}\n')) },
    { name: 'constant kernels on both sides, but a random bias breaks the tie', code: spec(model('    - {type: dense, units: 16, activation: sigmoid, kernel_init: zeros, bias_init: {type: random_normal, stddev: 1.0}}\n    - {type: dense, units: 3, kernel_init: zeros}\n')) },
    { name: 'a zero relu kernel with a positive constant bias still passes gradient', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: zeros, bias_init: {type: constant, value: 0.1}}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'zero kernels on both sides of a sigmoid hidden layer (tensorflow#3916)',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: sigmoid, kernel_init: zeros}\n    - {type: dense, name: out, units: 3, kernel_init: zeros}\n')),
      errors: [{ messageId: 'symmetric', line: 8, column: 75, data: { param: 'h.kernel', value: 0, next: 'out.kernel', units: 16, layer: 'h' } }],
    },
    {
      name: 'constant kernels through dropout and batch_norm',
      code: spec(model('    - {type: dense, name: h, units: 16, kernel_init: {type: constant, value: 0.5}}\n    - {type: batch_norm}\n    - {type: activation, activation: tanh}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, name: out, units: 3, kernel_init: ones}\n')),
      errors: [{ messageId: 'symmetric', line: 8, column: 54, data: { param: 'h.kernel', value: 0.5, next: 'out.kernel', units: 16, layer: 'h' } }],
    },
    {
      name: 'a zero kernel under relu never trains, even before a random layer',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: relu, kernel_init: zeros}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'deadRelu', line: 8, column: 72, data: { param: 'h.kernel', layer: 'h' } }],
    },
    {
      name: 'zero conv kernels on both sides',
      code: spec('model:\n  input: [2, 4, 1]\n  layers:\n    - {type: conv2d, name: c, filters: 4, kernel_size: 1, activation: tanh, kernel_init: zeros}\n    - {type: flatten}\n    - {type: dense, name: out, units: 3, kernel_init: zeros}\n'),
      errors: [{ messageId: 'symmetric', line: 8, column: 90 }],
    },
  ],
});
