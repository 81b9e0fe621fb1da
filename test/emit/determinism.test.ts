/** Same seed and backend: the same loss curve bit for bit; another seed: another curve. */
import { describe, expect, it } from 'vitest';
import { compileFixture, runModel } from './helpers.js';
import type { MetricsRecord } from '../../src/train/train-model.js';

const withoutTimings = (records: MetricsRecord[]) => records.map(({ step_ms: _stepMs, ...rest }) => rest);

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('determinism', { timeout: 240_000 }, () => {
  it('reproduces every logged number with the same seed', async () => {
    const ir = compileFixture('tiny_mlp.yaml');
    const [first, second, otherSeed] = await Promise.all([
      runModel(ir, ['--steps', '12', '--eval-every', '4']),
      runModel(ir, ['--steps', '12', '--eval-every', '4']),
      runModel(ir, ['--steps', '12', '--eval-every', '4', '--seed', '4']),
    ]);
    for (const run of [first, second, otherSeed]) expect(run.exitCode, run.stderr).toBe(0);
    expect(first.records.length).toBe(5); // steps 0, 4, 8, 11 and the final test record
    expect(withoutTimings(second.records)).toEqual(withoutTimings(first.records));
    expect(otherSeed.records[0].data_loss).not.toBe(first.records[0].data_loss);
  });
});
