import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { lintText, ruleTester, spec } from './rule-tester.js';

const model = (layers: string) => `model:\n  input: [8]\n  layers:\n${layers}`;

/** A 4-block residual MLP (spec v2): each block's proj is a residual branch, 4 adds in all. */
const residual = (stddev: number) => `mlpc: 2
name: residual
data: {source: idx, train_images: a.gz, train_labels: b.gz, test_images: c.gz, test_labels: d.gz, train: 600, test: 100}
model:
  input: [784]
  layers:
    - {type: dense, name: stem, units: 64, activation: relu}
    - name: h
      type: block
      repeat: 4
      layers:
        - {type: layer_norm, name: ln}
        - {type: dense, name: fc, units: 256, activation: relu}
        - {type: dense, name: proj, units: 64, kernel_init: {type: random_normal, stddev: ${stddev}}}
        - {type: add, name: res, from: [input, proj]}
    - {type: dense, name: out, units: 10}
training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.01}, batch_size: 32, steps: 10}
`;

ruleTester('init-scale', {
  valid: [
    // Glorot for the proj is 0.0791; 0.02 is 1/3.95 of it, inside 1/(3·sqrt(4 adds)) = 1/6 (GPT-2's residual scaling).
    { name: 'a scaled-down residual projection', code: residual(0.02), options: { below: 3 } },
    { name: 'he_normal on relu', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: he_normal}\n    - {type: dense, units: 3}\n')) },
    // He for fan-in 8 is 0.5: 1.0 is 2×, inside the 3× band.
    { name: 'random_normal 1.0 at fan-in 8', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: {type: random_normal, stddev: 1.0}}\n    - {type: dense, units: 3}\n')) },
    { name: 'default glorot_uniform', code: spec(model('    - {type: dense, units: 3}\n')) },
    // A paper's own sigma = 0.01 (He at fan-in 8 is 0.5): small inits are reported only with the below option.
    { name: 'random_normal 0.01 by default', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: {type: random_normal, stddev: 0.01}}\n    - {type: dense, units: 3}\n')) },
    { name: 'a residual projection of 0.01 by default', code: residual(0.01) },
    // CNTK's ConvBatchNorm shape: batch_norm divides the kernel's scale out of the forward pass.
    { name: 'a linear kernel feeding batch_norm directly', code: spec(model('    - {type: dense, units: 16, kernel_init: {type: random_normal, stddev: 10}}\n    - {type: batch_norm}\n    - {type: activation, activation: relu}\n    - {type: dense, units: 3}\n')) },
    { name: 'a relu kernel reaching batch_norm through dropout', code: spec(model('    - {type: dense, units: 16, activation: relu, kernel_init: {type: random_normal, stddev: 10}}\n    - {type: dropout, rate: 0.5}\n    - {type: batch_norm}\n    - {type: dense, units: 3}\n')) },
  ],
  invalid: [
    {
      name: 'a residual projection smaller than the residual scaling allows',
      code: residual(0.01),
      options: { below: 3 },
      errors: [14, 14, 14, 14].map((line) => ({ messageId: 'offScale', line, column: 61 })),
    },
    {
      name: 'stddev 10 at fan-in 8 with relu: 20× He',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: relu,\n       kernel_init: {type: random_normal, stddev: 10}}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'offScale', line: 9, column: 21, data: { param: 'h.kernel', written: 'random_normal(stddev 10)', writtenRatio: '20×', scheme: 'He', recommended: 0.5, formula: 'sqrt(2/8)', activation: 'relu', fanIn: 8, drawn: '', factor: 3, direction: 'larger' } }],
    },
    {
      name: 'tiny uniform on a linear output: Glorot',
      code: spec(model('    - {type: dense, name: out, units: 3, kernel_init: {type: random_uniform, minval: -0.01, maxval: 0.01}}\n')),
      options: { below: 3 },
      // Glorot sqrt(2/(8+3)) = 0.426; uniform(-0.01, 0.01) has stddev 0.02/sqrt(12) = 0.00577: 1/73.9.
      errors: [{ messageId: 'offScale', line: 8, column: 55 }],
    },
    {
      // sigmoid is not scale-equivariant: the init decides how saturated the units start, batch_norm after it or not.
      name: 'a sigmoid kernel before batch_norm is still checked',
      code: spec(model('    - {type: dense, name: h, units: 16, activation: sigmoid, kernel_init: {type: random_normal, stddev: 10}}\n    - {type: batch_norm}\n    - {type: dense, units: 3}\n')),
      errors: [{ messageId: 'offScale', line: 8, column: 75 }],
    },
  ],
});

describe('init-scale options', () => {
  it('below: 3 reports a paper\'s 0.01 at fan-in 8 (1/50 of He), 3× smaller, with the factor it used', () => {
    const code = spec(model('    - {type: dense, name: h, units: 16, activation: relu, kernel_init: {type: random_normal, stddev: 0.01}}\n    - {type: dense, units: 3}\n'));
    const config = { ...DEFAULT_LINT_CONFIG, rules: new Map([['init-scale', { severity: 'warning' as const, options: { below: 3 } }]]) };
    const found = lintText(code, config).filter((d) => d.code === 'init-scale');
    expect(found.map((d) => d.message)).toEqual([expect.stringMatching(/is 1\/50 of He's stddev 0\.5 .* more than 3× smaller than recommended$/)]);
    expect(lintText(code).filter((d) => d.code === 'init-scale')).toEqual([]);
  });
});
