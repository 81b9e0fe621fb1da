import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

ruleTester('no-dropout-on-logits', {
  valid: [
    { name: 'dropout on hidden units', code: spec(model('    - {type: dense, name: h, units: 16, activation: relu}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, name: out, units: 3}\n')) },
    { name: 'dropout on the input', code: spec(model('    - {type: dropout, rate: 0.2}\n    - {type: dense, name: out, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'dropout after the output layer',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: relu}\n    - {type: dense, name: out, units: 3}\n    - {type: dropout, name: drop, rate: 0.5}\n')),
      errors: [{ messageId: 'afterOutput', line: 10, column: 7, data: { dropout: 'drop', rate: 0.5, output: 'out', what: 'logits' } }],
    },
  ],
});
