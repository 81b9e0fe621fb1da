import { ruleTester, spec } from './rule-tester.js';

const layers = `model:
  input: [8]
  layers:
    - {type: dense, name: h, units: 16, activation: relu}
    - {type: dense, name: out, units: 3}
`;

ruleTester('no-bias-regularization', {
  valid: [
    { name: 'kernels only', code: spec(`${layers}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n`) },
    { name: 'kernel shorthand', code: spec(`model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3, kernel_regularizer: {l2: 0.001}}\n`) },
    { name: 'no regularization', code: spec(layers) },
  ],
  invalid: [
    {
      name: 'a rule on *.bias is removed',
      code: spec(`${layers}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n  - {params: "*.bias", l2: 0.0005}  # biases too\n`),
      errors: [{ messageId: 'penalty', line: 12, column: 5, data: { origin: 'regularization rule 2 (params: "*.bias")', kinds: 'l2 0.0005', which: 2, noun: 'biases', params: 'h.bias, out.bias' } }],
      output: spec(`${layers}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n`),
    },
    {
      name: 'the only rule, on *.bias: the section goes',
      code: spec(`${layers}regularization:\n  - {params: "*.bias", l1: 0.01}\n`),
      errors: [{ messageId: 'penalty', line: 11, column: 5 }],
      output: spec(layers),
    },
    {
      name: '"*" is narrowed to "*.kernel"',
      code: spec(`${layers}regularization:\n  - {params: "*", l2: 0.0005}\n`),
      errors: [{ messageId: 'penalty', line: 11, column: 5 }],
      output: spec(`${layers}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n`),
    },
    {
      name: 'block-style rule with a list selector is narrowed to the one kernel left',
      code: spec(`${layers}regularization:\n  - params: [h.kernel, h.bias]\n    l2: 0.001\n`),
      errors: [{ messageId: 'penalty', line: 11, column: 5 }],
      output: spec(`${layers}regularization:\n  - params: "h.kernel"\n    l2: 0.001\n`),
    },
    {
      name: 'bias_regularizer shorthand is removed, comments kept',
      code: spec(`model:\n  input: [8]\n  layers:\n    - type: dense   # the only layer\n      name: out\n      units: 3\n      bias_regularizer: {l2: 0.01}\n`),
      errors: [{ messageId: 'penalty', line: 11, column: 25 }],
      output: spec(`model:\n  input: [8]\n  layers:\n    - type: dense   # the only layer\n      name: out\n      units: 3\n`),
    },
    {
      name: 'max-norm on a bias',
      code: spec(`${layers}constraints:\n  - {params: "out.bias", max_norm: 3}\n`),
      errors: [{ messageId: 'penalty', line: 11, column: 5 }],
      output: spec(layers),
    },
    {
      name: 'adamw decaying biases',
      code: spec(layers, 'training: {loss: softmax_cross_entropy, optimizer: {type: adamw, learning_rate: 0.001, weight_decay: 0.01}, batch_size: 32, steps: 10}\n'),
      errors: [{ messageId: 'weightDecay', line: 4, column: 102, data: { weightDecay: 0.01, noun: 'biases', params: 'h.bias, out.bias' } }],
    },
  ],
});
