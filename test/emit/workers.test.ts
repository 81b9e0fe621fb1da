/**
 * `--workers 2`: training split by output units across two threads. Without dropout it is the same
 * computation as one worker (to float rounding: partial sums are added in another order); with
 * dropout it is deterministic for a given worker count; models it cannot split are refused.
 */
import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { emitBuild } from '../../src/compiler/emit/emit-script.js';
import { scriptFlags } from '../../src/train/train-model.js';
import { compileFixture, compileText, readRecords, readSavedWeights, runModel, temporaryDir, type FixtureRun } from './helpers.js';
import type { MetricsRecord } from '../../src/train/train-model.js';

const withoutTimings = (records: MetricsRecord[]) => records.map(({ step_ms: _stepMs, ...rest }) => rest);

function expectClose(actual: number, expected: number, what: string): void {
  const tolerance = 1e-5 * Math.max(1, Math.abs(expected));
  if (Math.abs(actual - expected) > tolerance) throw new Error(`${what}: ${actual} vs ${expected}`);
}

function expectSameTraining(split: FixtureRun, single: FixtureRun): void {
  expect(split.exitCode, split.stderr).toBe(0);
  expect(single.exitCode, single.stderr).toBe(0);
  // Max-norm activity is counted on one thread only (each worker owns a share of the units).
  const keysOf = (r: object) => Object.keys(r).filter((key) => key !== 'max_norm_rescaled').sort();
  expect(split.records.map(keysOf)).toEqual(single.records.map(keysOf));
  expect(split.records.some((r) => 'max_norm_rescaled' in r)).toBe(false);
  split.records.forEach((record, i) => {
    for (const [key, value] of Object.entries(record)) {
      if (key === 'step_ms' || typeof value !== 'number') continue;
      const expected = (single.records[i] as unknown as Record<string, unknown>)[key];
      expect(typeof expected, `record ${i} ${key}`).toBe('number');
      expectClose(value, expected as number, `record ${i} ${key}`);
    }
  });
  const splitWeights = readSavedWeights(split.outDir);
  const singleWeights = readSavedWeights(single.outDir);
  expect([...splitWeights.keys()]).toEqual([...singleWeights.keys()]);
  for (const [name, saved] of singleWeights) {
    const other = splitWeights.get(name)!;
    expect(other.shape).toEqual(saved.shape);
    saved.values.forEach((value, i) => expectClose(other.values[i], value, `${name}[${i}]`));
  }
  // The same topology and manifest; only the weights file's content-addressed name may differ (the weights agree to 1e-5, not bit for bit).
  const withoutWeightsName = (dir: string) => readFileSync(`${dir}/model.json`, 'utf8').replace(/weights-[0-9a-f]+\.bin/g, 'weights.bin');
  expect(withoutWeightsName(split.outDir)).toEqual(withoutWeightsName(single.outDir));
}

// Each test starts node processes that load TensorFlow.js (two instances with --workers 2).
describe('--workers 2', { timeout: 240_000 }, () => {
  it('is passed on by mlpc train and trainModel (and left out at 1, the default)', () => {
    expect(scriptFlags({ out: 'o', workers: 2 })).toEqual(['--out', 'o', '--workers', '2']);
    expect(scriptFlags({ out: 'o', workers: 1 })).toEqual(['--out', 'o']);
  });

  it('trains like one worker without dropout: momentum SGD, L2, L1, max-norm, three dense layers of odd widths', async () => {
    const ir = compileFixture('workers_sgd.yaml');
    const flags = ['--steps', '21', '--eval-every', '5'];
    const [split, single] = await Promise.all([runModel(ir, [...flags, '--workers', '2']), runModel(ir, flags)]);
    expectSameTraining(split, single);
    expect(split.records.at(-2)!.total_loss!).toBeLessThan(split.records[0].total_loss!);
  });

  it('trains like one worker with Adam', async () => {
    const ir = compileFixture('workers_adam.yaml');
    const flags = ['--steps', '21', '--eval-every', '5'];
    const [split, single] = await Promise.all([runModel(ir, [...flags, '--workers', '2']), runModel(ir, flags)]);
    expectSameTraining(split, single);
  });

  it('is deterministic with dropout, learns, and keeps the tensor count flat', async () => {
    const ir = compileFixture('tiny_mlp.yaml');
    const flags = ['--steps', '40', '--eval-every', '10', '--workers', '2'];
    const env = { MLPC_REPORT_TENSORS: '1' };
    const [first, second] = await Promise.all([runModel(ir, flags, env), runModel(ir, flags, env)]);
    for (const run of [first, second]) expect(run.exitCode, run.stderr).toBe(0);
    expect(withoutTimings(second.records)).toEqual(withoutTimings(first.records));
    const training = first.records.filter((r) => r.total_loss !== undefined);
    expect(training.at(-1)!.data_loss!).toBeLessThan(training[0].data_loss!);
    const counts = training.map((r) => (r as { num_tensors?: number }).num_tensors);
    expect(new Set(counts.slice(1)).size, JSON.stringify(counts)).toBe(1);
  });

  it('refuses a conv net with a message and exit code 2', async () => {
    const ir = compileText('specs/conv_bn.yaml', readFileSync('specs/conv_bn.yaml', 'utf8'));
    const run = await runModel(ir, ['--steps', '1', '--workers', '2']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--workers 2: conv_bn cannot be split across workers: layer 'conv1' is conv2d");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses more workers than a dense layer has units', async () => {
    const run = await runModel(compileFixture('workers_sgd.yaml'), ['--steps', '2', '--workers', '4']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--workers 4: layer 'out' has only 3 units to split");
  });

  it('runs as TypeScript under tsx: the worker thread registers tsx itself', async () => {
    const ir = compileFixture('workers_adam.yaml');
    // A folder like generated/: an ES module package that resolves this repository's node_modules.
    const dir = temporaryDir('workers-tsx');
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
    const { runtime, scripts: [script] } = emitBuild([ir], dir);
    writeFileSync(join(dir, runtime.fileName), runtime.text);
    writeFileSync(join(dir, script.fileName), script.text);
    const flags = ['--steps', '6', '--eval-every', '3', '--backend', 'wasm', '--workers', '2'];
    const outDir = join(dir, 'run');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(dir, script.fileName), ...flags, '--out', outDir], {
      env: { ...process.env, MLPC_QUIET: '1' },
    });
    const compiled = await runModel(ir, flags);
    expect(compiled.exitCode, compiled.stderr).toBe(0);
    expect(withoutTimings(readRecords(outDir))).toEqual(withoutTimings(compiled.records));
  });
});
