/** Issue 13: the rules it added (and issue 21's future-leak-in-language-model) report nothing, at any severity, on the specs mlpc ships. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { lintSpecText } from '../../src/compiler/lint/lint-spec.js';
import { findSpecFiles } from '../../src/compiler/spec/find-specs.js';
import { ROOT } from './cli-helpers.js';

const ADDED = [
  'single-unit-softmax',
  'softmax-on-hidden-layer',
  'activation-on-logits',
  'mse-for-classification',
  'learning-rate-out-of-range',
  'saturating-activations-deep',
  'batch-norm-tiny-batch',
  'batch-exceeds-training-set',
  'future-leak-in-language-model',
];

describe('the newer rules on the shipped specs', async () => {
  process.chdir(ROOT);
  const files = await findSpecFiles(['specs']);
  it('finds the shipped specs', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const file of files) {
    it(`${file}: none of them fires`, () => {
      const { diagnostics } = lintSpecText(file, readFileSync(path.join(ROOT, file), 'utf8'), DEFAULT_LINT_CONFIG);
      expect(diagnostics.filter((d) => ADDED.includes(d.code)).map((d) => `${d.location?.line} ${d.code} ${d.message}`)).toEqual([]);
    });
  }
});
