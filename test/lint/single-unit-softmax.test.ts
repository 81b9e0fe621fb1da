import { HEAD, ruleTester } from './rule-tester.js';

const binary = 'mlpc: 1\nname: t\ndata: {source: synthetic, examples: 300, features: 8, classes: 2, train: 200}\n';
const sigmoidLoss = 'training: {loss: sigmoid_cross_entropy, optimizer: {type: adam}, batch_size: 32, steps: 10}\n';
const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('single-unit-softmax', {
  valid: [
    { name: 'one logit for sigmoid_cross_entropy', code: `${binary}${sigmoidLoss}${model('    - {type: dense, units: 16, activation: relu}\n    - {type: dense, units: 1}\n')}` },
    { name: 'softmax over three classes', code: `${HEAD}training: {loss: mean_squared_error, optimizer: {type: sgd}, batch_size: 32, steps: 10}\n${model('    - {type: dense, units: 3, activation: softmax}\n')}` },
  ],
  invalid: [
    {
      name: 'Dense(1, softmax) for a binary classifier',
      code: `${binary}${sigmoidLoss}${model('    - {type: dense, units: 16, activation: relu}\n    - {type: dense, name: out, units: 1, activation: softmax}\n')}`,
      errors: [{ messageId: 'constantOne', line: 9, column: 54, data: { where: "out's activation", layer: 'out' } }],
    },
    {
      name: 'a softmax activation layer after Dense(1) (Stack Overflow: binary CNN always predicts 1)',
      code: `${binary}${sigmoidLoss}${model('    - {type: dense, units: 1}\n    - {type: activation, name: probs, activation: softmax}\n')}`,
      errors: [{ messageId: 'constantOne', line: 9, column: 7, data: { where: 'activation layer probs', layer: 'its input' } }],
    },
    {
      name: 'a one-unit softmax inside the network',
      code: `${HEAD}training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n${model('    - {type: dense, name: gate, units: 1, activation: softmax}\n    - {type: dense, units: 3}\n')}`,
      errors: [{ messageId: 'constantOne', line: 8, column: 55 }],
    },
  ],
});
