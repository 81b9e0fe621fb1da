import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('input-dropout-rate', {
  valid: [
    { name: 'input 0.2, hidden 0.5', code: spec(model('    - {type: dropout, rate: 0.2}\n    - {type: dense, units: 16, activation: relu}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, units: 3}\n')) },
    { name: 'hidden 0.65, the top of the range (Zaremba et al. 2014, large PTB LSTM)', code: spec(model('    - {type: dense, units: 16, activation: relu}\n    - {type: dropout, rate: 0.65}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'input dropout 0.5',
      code: spec(model('    - {type: dropout, rate: 0.5}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'inputRate', line: 8, column: 29 }],
    },
    {
      name: 'a keep probability written as a rate',
      code: spec(model('    - {type: dense, units: 16, activation: relu}\n    - type: dropout\n      rate: 0.9\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'keepProbability', line: 10, column: 13 }],
    },
    {
      name: 'keep_prob 0.75 passed as tf.layers.dropout\'s rate (TensorFlow-Examples#205)',
      code: spec(model('    - {type: dense, name: fc1, units: 16, activation: relu}\n    - {type: dropout, name: drop, rate: 0.75}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'keepProbability', line: 9, column: 41, data: { dropout: 'drop', rate: 0.75, dropped: 75, kept: 25, maxRate: 0.65 } }],
    },
  ],
});
