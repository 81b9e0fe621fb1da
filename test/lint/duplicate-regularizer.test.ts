import { ruleTester, spec } from './rule-tester.js';

ruleTester('duplicate-regularizer', {
  valid: [
    { name: 'l1 and l2 (elastic net)', code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3}\nregularization:\n  - {params: "*.kernel", l2: 0.001}\n  - {params: "out.kernel", l1: 0.001}\n') },
  ],
  invalid: [
    {
      name: 'rule plus shorthand',
      code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3, kernel_regularizer: {l2: 0.001}}\nregularization:\n  - {params: "*.kernel", l2: 0.001}\n'),
      // Shorthands come after top-level rules in the IR, so the shorthand is the second one.
      errors: [{ messageId: 'duplicate', line: 8, column: 62, data: { second: "layer out's kernel_regularizer", kind: 'l2', params: 'out.kernel', first: 'regularization rule 1 (params: "*.kernel")' } }],
    },
    {
      name: 'two overlapping rules',
      code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: h, units: 4, activation: relu}\n    - {type: dense, name: out, units: 3}\nregularization:\n  - {params: "*.kernel", l2: 0.001}\n  - {params: ["h.*"], l2: 0.01}\n'),
      errors: [{ messageId: 'duplicate', line: 12, column: 5 }],
    },
    {
      name: 'two max_norm constraints',
      code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3, kernel_constraint: {max_norm: 2}}\nconstraints:\n  - {params: "*.kernel", max_norm: 3}\n'),
      errors: [{ messageId: 'duplicate', line: 8, column: 61 }],
    },
  ],
});
