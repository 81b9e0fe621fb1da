import { ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;
const hidden = (init: string) => `    - {type: dense, name: h, units: 1000, activation: relu, kernel_init: ${init}}\n    - {type: dense, name: out, units: 3}\n`;

ruleTester('regularization-dominates-loss', {
  valid: [
    { name: 'no regularization', code: spec(model(hidden('he_normal'))) },
    // He at fan-in 8: E[w²] = 2/8; 0.0005 × 8,000 × 0.25 = 1, below 10 × ln 3 = 11.
    { name: 'l2 0.0005 on a he_normal kernel', code: spec(`${model(hidden('he_normal'))}regularization:\n  - {params: "*.kernel", l2: 0.0005}\n`) },
    { name: 'a zero kernel starts with no penalty at all', code: spec(`${model(hidden('zeros'))}regularization:\n  - {params: "h.kernel", l2: 1}\n`) },
  ],
  invalid: [
    {
      // Independent: E[w²] = 10² = 100 (random_normal, mean 0); 0.001 × 8,000 × 100 = 800; ln 3 = 1.0986; 800/1.0986 = 728.
      name: 'l2 on a kernel drawn with stddev 10',
      code: spec(`${model(hidden('{type: random_normal, stddev: 10}'))}regularization:\n  - {params: "h.kernel", l2: 0.001}\n`),
      errors: [
        {
          messageId: 'penaltyDominates',
          line: 11,
          column: 5,
          data: { total: 800, ratio: 728, dataLoss: 'ln 3 = 1.099', threshold: 10, param: 'h.kernel', penalty: 800, kind: 'l2', lambda: 0.001, count: '8,000', perWeight: 'E[w²] 100' },
        },
      ],
    },
    {
      // l1: E[|w|] = sqrt(2/π)·1 = 0.798; 0.01 × 8,000 × 0.798 = 63.8; / 1.0986 = 58.1.
      name: 'l1 through a layer shorthand, pointing at the shorthand',
      code: spec(model('    - {type: dense, name: h, units: 1000, activation: relu, kernel_init: {type: random_normal, stddev: 1}, kernel_regularizer: {l1: 0.01}}\n    - {type: dense, name: out, units: 3}\n')),
      errors: [{ messageId: 'penaltyDominates', line: 8, column: 128 }],
    },
  ],
});
