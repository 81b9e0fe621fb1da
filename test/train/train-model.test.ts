/** trainModel(): the API compare and the benchmark use. */
import { describe, expect, it } from 'vitest';
import { trainModel, TrainRunError, type MetricsRecord } from '../../src/train/train-model.js';
import { compileFixture, readRecords, temporaryDir } from '../emit/helpers.js';

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('trainModel', { timeout: 240_000 }, () => {
  it('runs the generated script and reports every record, the last one with test metrics', async () => {
    const out = temporaryDir('train-model');
    const seen: MetricsRecord[] = [];
    const result = await trainModel(compileFixture('tiny_mlp.yaml'), {
      out,
      steps: 8,
      evalEvery: 4,
      seed: 2,
      backend: 'wasm',
      quiet: true,
      onRecord: (record) => seen.push(record),
    });
    expect(result.outDir).toBe(out);
    expect(result.records.map((record) => record.step)).toEqual([0, 4, 7, 8]);
    expect(seen).toEqual(result.records);
    expect(result.records).toEqual(readRecords(out));
    expect(result.records[3].test_accuracy).toBeGreaterThan(0);
    expect(result.wallMs).toBeGreaterThan(0);
  });

  it('a failed run is a TrainRunError with the exit code and the script message', async () => {
    const ir = compileFixture('tiny_mlp.yaml');
    // An IR the front end would never produce, so the script's own data check fails.
    const bad = { ...ir, data: { ...ir.data, train: -1 } };
    const error = await trainModel(bad, { out: temporaryDir('train-fail'), steps: 1, backend: 'wasm', quiet: true }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TrainRunError);
    expect((error as TrainRunError).exitCode).toBe(2);
    expect((error as TrainRunError).message).toContain('train must be a non-negative integer');
  });
});
