import { HEAD, ruleTester } from './rule-tester.js';

const body = 'model:\n  input: [8]\n  layers:\n    - {type: dense, units: 16, activation: relu}\n    - {type: dense, units: 3}\n';
const withRate = (rate: string) => `${HEAD}training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: ${rate}}, batch_size: 32, steps: 10}\n${body}`;
const block = (key: string) =>
  `${HEAD}training:\n  loss: softmax_cross_entropy\n  optimizer:\n    type: sgd\n    learning_rate:\n      ${key}: inverse_time_decay  # Keras decay=\n      initial: 0.1\n      decay_rate: 0.001\n  steps: 10\n${body}`;

ruleTester('schedule-type-key', {
  valid: [
    { name: 'a constant rate', code: withRate('0.1') },
    { name: 'a schedule under type', code: withRate('{type: piecewise_constant, boundaries: [5], values: [0.1, 0.01]}') },
  ],
  invalid: [
    {
      name: 'flow mapping',
      code: withRate('{schedule: piecewise_constant, boundaries: [5], values: [0.1, 0.01]}'),
      errors: [{ messageId: 'olderSpelling', line: 4, column: 80 }],
      output: withRate('{type: piecewise_constant, boundaries: [5], values: [0.1, 0.01]}'),
    },
    { name: 'block mapping, comment kept', code: block('schedule'), errors: [{ messageId: 'olderSpelling', line: 9, column: 7 }], output: block('type') },
  ],
});
