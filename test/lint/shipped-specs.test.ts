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

  it('init-scale says stddev 1.0 is about 20× He at fan-in 784', () => {
    const message = result.diagnostics.find((d) => d.code === 'init-scale')!.message;
    // He: sqrt(2/784) = 0.0505; 1.0 / 0.0505 = 19.8.
    expect(Math.sqrt(2 / 784)).toBeCloseTo(0.0505, 4);
    expect(message).toContain("19.8× He's stddev 0.0505 = sqrt(2/784) for relu at fan-in 784");
  });

  it('regularization-dominates-loss computes the penalty from the initializer variances (136.6× ln 10)', () => {
    // Independent: truncated normal cut at 2σ keeps variance 0.7737413 σ²; 784×1024 + 1024×10 weights, λ = 0.0005.
    const truncatedVariance = 0.87962566103423978 ** 2;
    const penalty = 0.0005 * (784 * 1024 + 1024 * 10) * truncatedVariance;
    const ratio = penalty / Math.log(10);
    expect(ratio).toBeCloseTo(136.6, 1);
    const { ir } = compileSpecText('specs/seed.yaml', readFileSync('specs/seed.yaml', 'utf8'));
    const fromIr = ir!.parameters.flatMap((p) => p.regularizers.map((r) => expectedPenalty(p, r))).reduce((a, b) => a + b, 0);
    expect(fromIr).toBeCloseTo(penalty, 6);
    const message = result.diagnostics.find((d) => d.code === 'regularization-dominates-loss')!.message;
    expect(message).toContain('expected initial penalty 315 is 137× the expected initial data loss ln 10 = 2.303');
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
