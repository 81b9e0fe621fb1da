import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;
const sigmoidData = 'mlpc: 1\nname: t\ndata: {source: synthetic, examples: 300, features: 8, classes: 2, train: 200}\n';

ruleTester('no-double-softmax', {
  valid: [
    { name: 'logits', code: spec(model('    - {type: dense, name: out, units: 3}\n')) },
    { name: 'softmax with mean squared error', code: spec(model('    - {type: dense, name: out, units: 3, activation: softmax}\n'), 'training: {loss: mean_squared_error, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n') },
    { name: 'softmax on a hidden layer', code: spec(model('    - {type: dense, name: h, units: 4, activation: softmax}\n    - {type: dense, name: out, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'flow-style dense with activation softmax',
      code: spec(model('    - {type: dense, name: out, units: 3, activation: softmax}\n')),
      errors: [{ messageId: 'layerActivation', line: 8, column: 54, data: { layer: 'out', squash: 'softmax', loss: 'softmax_cross_entropy' } }],
      output: spec(model('    - {type: dense, name: out, units: 3}\n')),
    },
    {
      name: 'block-style dense, comment kept',
      code: spec(model('    - type: dense\n      name: out\n      activation: softmax   # probabilities\n      units: 3  # classes\n')),
      errors: [{ messageId: 'layerActivation', line: 10, column: 19 }],
      output: spec(model('    - type: dense\n      name: out\n      units: 3  # classes\n')),
    },
    {
      name: 'a trailing softmax activation layer',
      code: spec(model('    - {type: dense, name: out, units: 3}\n    - {type: activation, name: probs, activation: softmax}\n')),
      errors: [{ messageId: 'activationLayer', line: 9, column: 7 }],
      output: spec(model('    - {type: dense, name: out, units: 3}\n')),
    },
    {
      name: 'sigmoid with sigmoid_cross_entropy',
      code: `${sigmoidData}training: {loss: sigmoid_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n${model('    - {type: dense, name: out, units: 1, activation: sigmoid}\n')}`,
      errors: [{ messageId: 'layerActivation', line: 8, column: 54, data: { layer: 'out', squash: 'sigmoid', loss: 'sigmoid_cross_entropy' } }],
      output: `${sigmoidData}training: {loss: sigmoid_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n${model('    - {type: dense, name: out, units: 1}\n')}`,
    },
  ],
});
