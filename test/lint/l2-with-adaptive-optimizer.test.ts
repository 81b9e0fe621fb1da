import { ruleTester, spec } from './rule-tester.js';

const body = 'model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3}\nregularization:\n  - {params: "*.kernel", l2: 0.001}\n';
const training = (optimizer: string) => `training: {loss: softmax_cross_entropy, optimizer: ${optimizer}, batch_size: 32, steps: 10}\n`;

ruleTester('l2-with-adaptive-optimizer', {
  valid: [
    { name: 'l2 with sgd', code: spec(body) },
    { name: 'adamw without l2', code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3}\n', training('{type: adamw, learning_rate: 0.001, weight_decay: 0.01, exclude: ["*.bias"]}')) },
    { name: 'l1 with adam', code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3}\nregularization:\n  - {params: "*.kernel", l1: 0.001}\n', training('{type: adam, learning_rate: 0.001}')) },
  ],
  invalid: [
    {
      name: 'l2 with adam',
      code: spec(body, training('{type: adam, learning_rate: 0.001}')),
      errors: [{ messageId: 'l2WithAdaptive', line: 4, column: 59, data: { optimizer: 'adam', count: '1 parameter' } }],
    },
    {
      name: 'l2 with rmsprop',
      code: spec(body, training('{type: rmsprop, learning_rate: 0.001}')),
      errors: [{ messageId: 'l2WithAdaptive', line: 4, column: 59 }],
    },
  ],
});
