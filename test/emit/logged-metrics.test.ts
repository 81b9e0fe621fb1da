/**
 * The runtime loop's extension point for metrics at logging points (src/runtime/training-loop.ts,
 * ModelDefinition.loggedMetrics): what a model file's counter reads lands in each logging point's
 * record, over the steps since the previous record, on one thread and on worker 0 of --workers 2
 * (unless the counter counts per thread, as max-norm activity does: then on one thread only).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/train/run-script.js';
import { editedScript, readRecords, temporaryDir } from './helpers.js';

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('loggedMetrics', { timeout: 240_000 }, () => {
  it.each(['1', '2'])('adds its fields to every logging record (--workers %s)', async (workers) => {
    const script = editedScript('workers_sgd.yaml', 'logged-metrics', (text) => {
      const hooked = text.replace(
        '    loggedMetrics: { ',
        '    loggedMetrics: { steps_since_record: { read: (steps: number) => steps }, out_kernel: { read: () => ({ rows: 3 }) }, ',
      );
      expect(hooked).not.toBe(text);
      return hooked;
    });
    const out = temporaryDir('logged-metrics');
    const run = await runScript(script, ['--steps', '12', '--eval-every', '5', '--backend', 'wasm', '--workers', workers, '--out', out], {
      inheritOutput: false,
      env: { ...process.env, MLPC_QUIET: '1' },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    type Logged = { step: number; steps_since_record?: number; out_kernel?: { rows: number }; max_norm_rescaled?: object };
    const logged = readRecords(out).filter((record) => record.test_loss === undefined) as Logged[];
    expect(logged.map((record) => [record.step, record.steps_since_record, record.out_kernel?.rows])).toEqual([
      [0, 1, 3],
      [5, 5, 3],
      [10, 5, 3],
      [11, 1, 3],
    ]);
    expect(logged.every((record) => (record.max_norm_rescaled !== undefined) === (workers === '1'))).toBe(true);
  });
});
