import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSpecFiles } from '../../src/compiler/spec/find-specs.js';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { lintSpecText } from '../../src/compiler/lint/lint-spec.js';
import { expectedPenalty } from '../../src/compiler/lint/rules/regularization-dominates-loss.js';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { ROOT } from './cli-helpers.js';

process.chdir(ROOT);

function lintShipped(file: string) {
  return lintSpecText(file, readFileSync(file, 'utf8'), DEFAULT_LINT_CONFIG);
}

describe('the motivating spec as written (specs/seed.yaml)', () => {
  const result = lintShipped('specs/seed.yaml');
  const found = result.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${d.location?.line}:${d.location?.column}`);

  it('is flagged by no-bias-regularization, init-scale and regularization-dominates-loss at the lines that cause them', () => {
    expect(result.invalid).toBe(false);
    expect(found).toEqual([
      'init-scale 21:20', // hidden's kernel_init: {type: truncated_normal, stddev: 1.0}
      'init-scale 26:20', // out's kernel_init
      'regularization-dominates-loss 31:5', // {params: "*.kernel", l2: 0.0005}
      'no-bias-regularization 32:5', // {params: "*.bias", l2: 0.0005}
    ]);
  });

  it('init-scale compares stddev 1.0 with He at fan-in 784', () => {
    const message = result.diagnostics.find((d) => d.code === 'init-scale')!.message;
    const he = Math.sqrt(2 / 784);
    expect(message).toContain(`${(1 / he).toFixed(1)}× He's stddev ${he.toFixed(4)} = sqrt(2/784) for relu at fan-in 784`);
  });

  it('regularization-dominates-loss computes the penalty from the initializer variances', () => {
    // Independent of the rule: the variance of a standard normal truncated at ±2σ, by Simpson's rule over
    // [-2, 2] of x²·φ(x) and φ(x); 784×1024 + 1024×10 weights, λ = 0.0005 (the biases start at zero).
    const simpson = (f: (x: number) => number, n = 2000) => {
      const h = 4 / n;
      let sum = f(-2) + f(2);
      for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(-2 + i * h);
      return (sum * h) / 3;
    };
    const density = (x: number) => Math.exp(-(x * x) / 2);
    const truncatedVariance = simpson((x) => x * x * density(x)) / simpson(density);
    const penalty = 0.0005 * (784 * 1024 + 1024 * 10) * truncatedVariance;
    const { ir } = compileSpecText('specs/seed.yaml', readFileSync('specs/seed.yaml', 'utf8'));
    const fromIr = ir!.parameters.flatMap((p) => p.regularizers.map((r) => expectedPenalty(p, r))).reduce((a, b) => a + b, 0);
    expect(fromIr).toBeCloseTo(penalty, 3);
    const message = result.diagnostics.find((d) => d.code === 'regularization-dominates-loss')!.message;
    const ratio = penalty / Math.log(10);
    expect(message).toContain(`expected initial penalty ${Math.round(penalty)} is ${Math.round(ratio)}× the expected initial data loss ln 10 = 2.303`);
  });

  it('no-bias-regularization offers the safe fix that removes the *.bias rule', () => {
    const finding = result.diagnostics.find((d) => d.code === 'no-bias-regularization')!;
    expect(finding.fix?.safe).toBe(true);
    expect(finding.message).toBe('regularization rule 2 (params: "*.bias") puts l2 0.0005 on 2 biases hidden.bias, out.bias');
  });
});

describe('the other shipped specs', async () => {
  const files = (await findSpecFiles(['specs'])).filter((file) => file !== 'specs/seed.yaml');
  it('exist', () => expect(files).toContain('specs/seed_corrected.yaml'));
  for (const file of files) {
    it(`${file} is valid and lints clean or with info only`, () => {
      const result = lintShipped(file);
      expect(result.invalid).toBe(false);
      const serious = result.diagnostics.filter((d) => d.severity !== 'info');
      expect(serious.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`)).toEqual([]);
    });
  }
});
