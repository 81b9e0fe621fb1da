import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;
const binary = 'mlpc: 1\nname: t\ndata: {source: synthetic, examples: 300, features: 8, classes: 2, train: 200}\n';

ruleTester('activation-on-logits', {
  valid: [
    { name: 'linear logits', code: spec(model('    - {type: dense, units: 16, activation: relu}\n    - {type: dense, units: 3}\n')) },
    { name: 'relu on hidden layers only', code: spec(model('    - {type: dense, units: 16}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')) },
    { name: 'relu on hidden layers of a regression network', code: `mlpc: 1\nname: t\ndata: {source: csv, path: xy.csv, label: y, train: 7}\ntraining: {loss: mean_squared_error, optimizer: {type: adam}, batch_size: 7, epochs: 5}\n${model('    - {type: dense, units: 4, activation: relu}\n    - {type: dense, units: 1}\n')}`.replace('input: [8]', 'input: [1]') },
    { name: 'a sigmoid output with mean squared error', code: spec(model('    - {type: dense, units: 3, activation: sigmoid}\n'), 'training: {loss: mean_squared_error, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n') },
    { name: 'softmax with softmax_cross_entropy is no-double-softmax\'s finding', code: spec(model('    - {type: dense, units: 3, activation: softmax}\n')) },
  ],
  invalid: [
    {
      name: 'relu on the logits (pytorch/examples before #117)',
      code: spec(model('    - {type: dense, units: 16, activation: relu}\n    - {type: dense, name: fc2, units: 3, activation: relu}\n')),
      errors: [
        {
          messageId: 'clippedLogits',
          line: 9,
          column: 54,
          data: { where: 'fc2', activation: 'relu', loss: 'softmax_cross_entropy', effect: 'no logit can go below 0 and a unit whose input turns negative gets no gradient again' },
        },
      ],
    },
    {
      name: 'a tanh activation layer after the output layer',
      code: spec(model('    - {type: dense, units: 3}\n    - {type: activation, name: squash, activation: tanh}\n')),
      errors: [{ messageId: 'clippedLogits', line: 9, column: 7, data: { where: 'activation layer squash', activation: 'tanh', loss: 'softmax_cross_entropy', effect: 'every logit is confined to (-1, 1), which caps how confident a prediction can get' } }],
    },
    {
      name: 'sigmoid on the logits of softmax_cross_entropy',
      code: spec(model('    - {type: dense, name: out, units: 3, activation: sigmoid}\n')),
      errors: [{ messageId: 'clippedLogits', line: 8, column: 54 }],
    },
    {
      name: 'relu on a regression output (DeepLearning.AI forum: y = 2x - 1 with Dense(1, relu))',
      code: `mlpc: 1\nname: t\ndata: {source: csv, path: xy.csv, label: y, train: 7}\ntraining: {loss: mean_squared_error, optimizer: {type: adam}, batch_size: 7, epochs: 500}\n${model('    - {type: dense, units: 4, activation: relu}\n    - {type: dense, name: out, units: 1, activation: relu}\n')}`.replace('input: [8]', 'input: [1]'),
      errors: [{ messageId: 'reluOutput', line: 9, column: 54, data: { where: 'out' } }],
    },
    {
      name: 'relu on the one logit of sigmoid_cross_entropy',
      code: `${binary}training: {loss: sigmoid_cross_entropy, optimizer: {type: adam}, batch_size: 32, steps: 10}\n${model('    - {type: dense, name: out, units: 1, activation: relu}\n')}`,
      errors: [{ messageId: 'clippedLogits', line: 8, column: 54 }],
    },
  ],
});
