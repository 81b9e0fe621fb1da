import { ruleTester, spec } from './rule-tester.js';

const model = 'model:\n  input: [8]\n  layers:\n    - {type: dense, name: h, units: 16, activation: relu}\n    - {type: dense, name: out, units: 3}\n';
const training = (exclude: string) => `training: {loss: softmax_cross_entropy, optimizer: {type: adamw, learning_rate: 0.001, weight_decay: 0.01, exclude: ${exclude}}, batch_size: 32, steps: 10}\n`;

ruleTester('weight-decay-with-l2', {
  valid: [
    { name: 'adamw alone', code: spec(model, training('["*.bias"]')) },
    { name: 'l2 only on what adamw excludes', code: spec(`${model}regularization:\n  - {params: "out.kernel", l2: 0.001}\n`, training('["*.bias", "out.kernel"]')) },
    { name: 'l1 beside adamw', code: spec(`${model}regularization:\n  - {params: "*.kernel", l1: 0.001}\n`, training('["*.bias"]')) },
    { name: 'l2 with sgd', code: spec(`${model}regularization:\n  - {params: "*.kernel", l2: 0.001}\n`) },
  ],
  invalid: [
    {
      name: 'adamw and l2 on the kernels (NCR #2)',
      code: spec(`${model}regularization:\n  - {params: "*.kernel", l2: 0.001}\n`, training('["*.bias"]')),
      errors: [{ messageId: 'twice', line: 11, column: 30, data: { origin: 'regularization rule 1 (params: "*.kernel")', lambda: 0.001, params: 'h.kernel, out.kernel', weightDecay: 0.01 } }],
    },
    {
      name: 'a layer shorthand on a decayed kernel',
      code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3, kernel_regularizer: {l2: 0.01}}\n', training('["*.bias"]')),
      errors: [{ messageId: 'twice', line: 8, column: 67 }],
    },
  ],
});
