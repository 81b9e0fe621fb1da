import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { StudyResults } from '../../src/compare/results-file.js';
import { meanAndStd, percentSpread, rowOf, testErrorOf } from './report-helpers.js';

const fixtures = ['test/compare/fixtures/tiny_plain.yaml', 'test/compare/fixtures/tiny_l2_dropout.yaml'];

describe('mlpc compare with the real trainer', () => {
  it('trains two tiny specs and reports figures that results.json reproduces', { timeout: 300_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-compare-real-'));
    const code = await runCompare(
      { specs: fixtures, out, seeds: 2, steps: 20, backend: 'wasm' },
      { stderr: { write: () => true }, signal: new AbortController().signal },
    );
    expect(code).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(results.runs).toHaveLength(4);
    for (const condition of results.conditions) {
      expect(condition.points[0].ir.training.steps).toBe(20);
      const runs = results.runs.filter((r) => r.condition === condition.id);
      expect(runs.every((r) => r.records.some((x) => x.test_accuracy !== undefined))).toBe(true);
      const cells = rowOf(report, condition.label);
      expect(cells).toContain(percentSpread(meanAndStd(runs.map((r) => testErrorOf(r.records)))));
    }
    // Seeds differ, so the two runs of a spec are not the same run twice.
    const plain = results.runs.filter((r) => r.condition === 'tiny-plain').map((r) => r.records[1]?.data_loss);
    expect(plain[0]).not.toBe(plain[1]);
  });
});
