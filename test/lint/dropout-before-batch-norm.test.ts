import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('dropout-before-batch-norm', {
  valid: [
    { name: 'dropout after the last batch_norm', code: spec(model('    - {type: dense, units: 16, use_bias: false}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'dropout, dense, batch_norm',
      code: spec(model('    - {type: dropout, name: drop, rate: 0.2}\n    - {type: dense, units: 16, use_bias: false}\n    - {type: batch_norm, name: bn}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'feedsBatchNorm', line: 8, column: 7, data: { dropout: 'drop', rate: 0.2, norm: 'bn', through: ' through 1 layer' } }],
    },
  ],
});
