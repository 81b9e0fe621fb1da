/** What a run leaves behind: metrics records as the brief says, a loadable tfjs model, no tensor growth. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileFixture, readSavedWeights, runModel, weight } from './helpers.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('outputs of a run', { timeout: 240_000 }, () => {
  it('writes metrics records, a model tf.loadLayersModel loads, and keeps numTensors flat', async () => {
    const run = await runModel(compileFixture('tiny_mlp.yaml'), ['--steps', '30', '--eval-every', '5'], {
      MLPC_REPORT_TENSORS: '1',
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const steps = run.records.slice(0, -1);
    expect(steps.map((record) => record.step)).toEqual([0, 5, 10, 15, 20, 25, 29]);
    for (const record of steps) {
      for (const field of ['data_loss', 'reg_penalty', 'total_loss', 'val_loss', 'val_accuracy', 'step_ms'] as const) {
        expect(Number.isFinite(record[field]), `${field} at step ${record.step}`).toBe(true);
      }
      expect(record.total_loss).toBeCloseTo((record.data_loss ?? 0) + (record.reg_penalty ?? 0), 5);
    }
    const tensorCounts = steps.map((record) => (record as { num_tensors?: number }).num_tensors);
    expect(new Set(tensorCounts.slice(1)).size).toBe(1); // after the first step, no step leaks a tensor
    const final = run.records[run.records.length - 1];
    expect(final.step).toBe(30);
    expect(final.test_accuracy).toBeGreaterThan(0.5);

    const modelJson = JSON.parse(readFileSync(join(run.outDir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const saved = readSavedWeights(run.outDir);
    const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
    expect(weightSpecs.map((spec) => spec.name)).toEqual(['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias']);
    const bytes = savedWeightsBytes(run.outDir);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      }),
    );
    const kernel = model.getLayer('hidden').getWeights()[0];
    expect(Array.from(kernel.dataSync())).toEqual(Array.from(weight(saved, 'hidden/kernel').values));
    const output = model.predict(tf.zeros([2, 12])) as tf.Tensor;
    expect(output.shape).toEqual([2, 3]);
    // With zero input the logits are the output bias (hidden relu(0 + b) feeds through).
    expect(model.layers.map((layer) => layer.name)).toEqual(['hidden', 'dropout_1', 'out']);
  });
});
