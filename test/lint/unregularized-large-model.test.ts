import { ruleTester, spec } from './rule-tester.js';

const big = 'model:\n  input: [8]\n  layers:\n    - {type: dense, units: 512, activation: relu}\n    - {type: dense, units: 3}\n';

ruleTester('unregularized-large-model', {
  valid: [
    { name: 'small model', code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, units: 3}\n') },
    { name: 'big model with L2', code: spec(`${big}regularization:\n  - {params: "*.kernel", l2: 0.0001}\n`) },
  ],
  invalid: [
    {
      name: '6,147 parameters for 200 examples',
      code: spec(big),
      // 8*512 + 512 + 512*3 + 3 = 6,147 parameters; 6147 / 200 = 30.7.
      errors: [{ messageId: 'unregularized', line: 8, column: 5, data: { params: '6,147', examples: 200, times: 30.7 } }],
    },
  ],
});
