import { HEAD, ruleTester } from './rule-tester.js';

const body = 'model:\n  input: [8]\n  layers:\n    - {type: dense, units: 16, activation: relu}\n    - {type: dense, units: 3}\n';
const withOptimizer = (optimizer: string) => `${HEAD}training: {loss: softmax_cross_entropy, optimizer: ${optimizer}, batch_size: 32, steps: 10}\n${body}`;

ruleTester('learning-rate-out-of-range', {
  valid: [
    { name: 'adam default', code: withOptimizer('{type: adam}') },
    { name: 'adam 0.01, the top of the usual range', code: withOptimizer('{type: adam, learning_rate: 0.01}') },
    { name: 'rmsprop 0.0001 (Keras cifar10_cnn)', code: withOptimizer('{type: rmsprop, learning_rate: 0.0001}') },
    { name: 'sgd 0.5 (the TF MNIST tutorial)', code: withOptimizer('{type: sgd, learning_rate: 0.5}') },
    { name: 'sgd exactly 1', code: withOptimizer('{type: sgd, learning_rate: 1}') },
    { name: 'adamw 1e-6 is the floor itself', code: withOptimizer('{type: adamw, learning_rate: 0.000001}') },
  ],
  invalid: [
    {
      name: 'adam 0.1 (ConcreteDropout\'s MNIST example)',
      code: withOptimizer('{type: adam, learning_rate: 0.1}'),
      errors: [{ messageId: 'tooHigh', line: 4, column: 80, data: { optimizer: 'adam', words: 'learning_rate', rate: 0.1, times: 100, default: 0.001, limit: 0.05 } }],
    },
    { name: 'rmsprop exactly at the 0.05 bound', code: withOptimizer('{type: rmsprop, learning_rate: 0.05}'), errors: [{ messageId: 'tooHigh', line: 4, column: 83 }] },
    {
      name: 'a schedule starting at adamw 0.5',
      code: withOptimizer('{type: adamw, learning_rate: {schedule: exponential_decay, initial: 0.5, decay_steps: 100, decay_rate: 0.9}}'),
      errors: [{ messageId: 'tooHigh', line: 4, column: 120, data: { optimizer: 'adamw', words: "the schedule's initial rate", rate: 0.5, times: 500, default: 0.001, limit: 0.05 } }],
    },
    { name: 'sgd 10', code: withOptimizer('{type: sgd, learning_rate: 10}'), errors: [{ messageId: 'tooHighSgd', line: 4, column: 79, data: { words: 'learning_rate', rate: 10, limit: 1 } }] },
    { name: 'sgd 1e-8', code: withOptimizer('{type: sgd, learning_rate: 0.00000001}'), errors: [{ messageId: 'tooLow', line: 4, column: 79, data: { optimizer: 'sgd', words: 'learning_rate', rate: 1e-8, limit: 0.000001 } }] },
  ],
});
