import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { lintText, ruleTester, spec } from './rule-tester.js';

const layers = 'model:\n  input: [8]\n  layers:\n    - {type: dense, name: h, units: 16, activation: relu}\n    - {type: dropout, rate: 0.5}\n    - {type: dense, name: out, units: 3}\n';

ruleTester('dropout-without-max-norm', {
  valid: [
    { name: 'dropout with max-norm', code: spec(`${layers}constraints:\n  - {params: "*.kernel", max_norm: 3}\n`) },
    { name: 'no dropout', code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, units: 3}\n') },
  ],
  invalid: [
    { name: 'dropout alone', code: spec(layers), errors: [{ messageId: 'noMaxNorm', line: 9, column: 7 }] },
  ],
});

describe('dropout-without-max-norm is opt-in', () => {
  it('is silent by default and reports at info when mlpc.config.yaml turns it on', () => {
    expect(lintText(spec(layers)).filter((d) => d.code === 'dropout-without-max-norm')).toEqual([]);
    const on = lintText(spec(layers), { ...DEFAULT_LINT_CONFIG, rules: new Map([['dropout-without-max-norm', { severity: 'info' }]]) });
    expect(on.filter((d) => d.code === 'dropout-without-max-norm').map((d) => d.severity)).toEqual(['info']);
  });
});
