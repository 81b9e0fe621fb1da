/**
 * max_norm_rescaled in metrics.jsonl (the plan's metric, counted by the runtime's MaxNormActivity and
 * logged through loggedMetrics): a bound below every unit's norm rescales every unit at every update
 * (fraction 1), a bound far above them never binds (fraction 0). One thread only: a --workers run
 * records none. And --workers refuses dropout-aware L2, whose usage needs whole masks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileText, runModel } from './helpers.js';

const fixture = 'test/emit/fixtures/workers_sgd.yaml';

function variant(name: string, edit: (text: string) => string): ReturnType<typeof compileText> {
  const text = readFileSync(fixture, 'utf8').replace('name: workers_sgd', `name: ${name}`);
  const edited = edit(text);
  expect(edited).not.toBe(text);
  return compileText(fixture, edited);
}

const bound = (value: number) => (text: string) => text.replace('max_norm: 0.8', `max_norm: ${value}`);

describe('max-norm activity', { timeout: 240_000 }, () => {
  it.each([
    [0.001, 1],
    [1000, 0],
  ])('max_norm %s: every logging record has max_norm_rescaled %s for hidden.kernel', async (maxNorm, fraction) => {
    const run = await runModel(variant(`max_norm_activity_${String(maxNorm).replace('.', '_')}`, bound(maxNorm)), ['--steps', '12', '--eval-every', '5']);
    expect(run.exitCode, run.stderr).toBe(0);
    const logged = run.records.filter((record) => record.test_loss === undefined);
    expect(logged.map((record) => record.step)).toEqual([0, 5, 10, 11]);
    for (const record of logged) expect(record.max_norm_rescaled).toEqual({ 'hidden.kernel': fraction });
  });

  it('a --workers 2 run records no max_norm_rescaled', async () => {
    const run = await runModel(variant('max_norm_activity_workers', bound(0.001)), ['--steps', '6', '--eval-every', '5', '--workers', '2']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.records.length).toBeGreaterThan(0);
    expect(run.records.some((record) => 'max_norm_rescaled' in record)).toBe(false);
  });

  it('--workers 2 refuses dropout-aware L2 with exit code 2 and the reason', async () => {
    const ir = variant('workers_dropout_aware', (text) =>
      text
        .replace('    - {type: dense, name: mid, units: 9}', '    - {type: dropout, rate: 0.5}\n    - {type: dense, name: mid, units: 9}')
        .replace('  - {params: "*.kernel", l2: 0.001}', '  - {params: "*.kernel", l2: 0.001, dropout_aware: true}'),
    );
    expect(ir.parameters.find((parameter) => parameter.id === 'hidden.kernel')?.regularizers[0].dropoutAware?.masks).toHaveLength(1);
    const run = await runModel(ir, ['--steps', '2', '--workers', '2']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('dropout-aware L2 needs whole dropout masks, which the workers split');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
