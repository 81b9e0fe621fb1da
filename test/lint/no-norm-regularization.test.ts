import { ruleTester, spec } from './rule-tester.js';

const layers = `model:
  input: [8]
  layers:
    - {type: dense, name: h, units: 16, use_bias: false}
    - {type: batch_norm, name: bn}
    - {type: activation, activation: relu}
    - {type: dense, name: out, units: 3}
`;

ruleTester('no-norm-regularization', {
  valid: [
    { name: 'kernels only', code: spec(`${layers}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n`) },
    { name: 'adamw excluding gamma and beta', code: spec(layers, 'training: {loss: softmax_cross_entropy, optimizer: {type: adamw, learning_rate: 0.001, weight_decay: 0.01, exclude: ["*.bias", "bn.*"]}, batch_size: 32, steps: 10}\n') },
  ],
  invalid: [
    {
      name: 'a rule on bn.gamma',
      code: spec(`${layers}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n  - {params: "bn.gamma", l2: 0.0005}\n`),
      errors: [{ messageId: 'penalty', line: 14, column: 5 }],
      output: spec(`${layers}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n`),
    },
    {
      name: '"bn.*" reaching gamma and beta',
      code: spec(`${layers}regularization:\n  - {params: ["*.kernel", "bn.*"], l1: 0.0001}\n`),
      errors: [{ messageId: 'penalty', line: 13, column: 5 }],
      output: spec(`${layers}regularization:\n  - {params: "*.kernel", l1: 0.0001}\n`),
    },
    {
      name: 'adamw decaying gamma and beta',
      code: spec(layers, 'training: {loss: softmax_cross_entropy, optimizer: {type: adamw, learning_rate: 0.001, weight_decay: 0.01, exclude: ["*.bias"]}, batch_size: 32, steps: 10}\n'),
      errors: [{ messageId: 'weightDecay', line: 4, column: 102, data: { weightDecay: 0.01, noun: 'normalization parameters', params: 'bn.gamma, bn.beta' } }],
    },
  ],
});
