/**
 * The PyTorch target on graphs trained on examples (spec v2 on synthetic or csv data: residual MLPs).
 * xt_residual.yaml (two pre-norm residual blocks, layer_norm, gelu, l2 on the kernels, adam) against
 * a hand-written torch.nn network (residual_probe.py: nn.Linear, nn.LayerNorm, F.gelu, Keras's Adam
 * written out) from the script's saved step-0 weights and the same batches, step by step; model.json
 * holds the graph topology and the weights by parameter id, and --init-from reads them back;
 * clip_grad_norm scales the gradients as the reference does by hand;
 * torchrun with 2 processes equals 1. residual_regression.yaml (mean squared error on csv targets,
 * clip_grad_norm, reduce_on_plateau, early stopping with restore_best): the rate falls and the run
 * stops where Keras's rules say from its own records, the saved weights are the best step's, and a
 * run resumed from a checkpoint ends as the uninterrupted one.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';
import { readRecords, temporaryDir } from '../emit/helpers.js';
import type { MetricsRecord } from '../../src/runtime/metrics-log.js';
import { black, runPython, torch } from './helpers.js';

async function build(spec: string): Promise<string> {
  const root = temporaryDir('example-graph');
  const result = await runMlpc(['build', spec, '--target', 'pytorch', '--out', root, '--no-lint']);
  expect(result.status, result.stderr).toBe(0);
  return root;
}

async function run(script: string, args: string[]): Promise<void> {
  const result = await runPython([script, ...args]);
  expect(result.status, result.stderr).toBe(0);
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
const withoutTimes = (dir: string) => readRecords(dir).map(({ step_ms: _, ...rest }) => rest);
const evaluations = (dir: string) => readRecords(dir).filter((record) => record.val_loss !== undefined);

interface Reference {
  records: { step: number; data_loss: number; reg_penalty: number; val_loss: number }[];
  names: string[];
  /** Updates whose gradients the reference scaled down to the clip. */
  clipped: number;
}

/** residual_probe.py's network from the step-0 model in `initial`, 50 steps; its records against the run's in `trained`. */
async function expectReference(root: string, initial: string, trained: string, clip: string[] = []): Promise<Reference> {
  const probe = await runPython(['test/pytorch/residual_probe.py', root, initial, '50', ...clip]);
  expect(probe.status, probe.stderr).toBe(0);
  const reference = JSON.parse(probe.stdout) as Reference;
  const steps = readRecords(trained).filter((record) => record.data_loss !== undefined);
  expect(steps.map((record) => record.step)).toEqual(reference.records.map((record) => record.step));
  for (const [index, expected] of reference.records.entries()) {
    const record = steps[index];
    expect(relative(record.data_loss!, expected.data_loss), `data_loss at ${expected.step}`).toBeLessThan(1e-5);
    expect(relative(record.reg_penalty!, expected.reg_penalty), `reg_penalty at ${expected.step}`).toBeLessThan(1e-5);
    expect(relative(record.val_loss!, expected.val_loss), `val_loss at ${expected.step}`).toBeLessThan(1e-5);
  }
  return reference;
}

torch.describe('a residual MLP (graph on examples) on the PyTorch target', () => {
  it('trains step by step as a hand-written torch.nn network from its saved step-0 weights; model.json names weights by id; --init-from reads them', { timeout: 300_000 }, async () => {
    const root = await build('test/pytorch/fixtures/xt_residual.yaml');
    const script = join(root, 'xt_residual.py');
    const [initial, trained] = [join(root, 'initial'), join(root, 'trained')];
    await run(script, ['--steps', '0', '--out', initial]);
    await run(script, ['--out', trained]);
    const reference = await expectReference(root, initial, trained);
    const steps = readRecords(trained).filter((record) => record.data_loss !== undefined);
    // The l2 penalty is part of the loss, and the network learns.
    expect(steps[0].reg_penalty).toBeGreaterThan(0.05);
    expect(steps.at(-1)!.val_loss!).toBeLessThan(steps[0].val_loss! / 4);
    expect(steps.at(-1)!.val_accuracy!).toBeGreaterThan(0.8);

    const model = JSON.parse(readFileSync(join(trained, 'model.json'), 'utf8')) as { modelTopology: unknown; weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
    expect(model.modelTopology).toEqual({ class_name: 'MlpcGraph', config: { name: 'xt_residual', input_shape: [20], spec: 'test/pytorch/fixtures/xt_residual.yaml' }, backend: 'pytorch' });
    const block = (i: number) => [`res.${i}.norm.gamma`, `res.${i}.norm.beta`, `res.${i}.fc.kernel`, `res.${i}.fc.bias`, `res.${i}.proj.kernel`, `res.${i}.proj.bias`];
    const names = ['stem.kernel', 'stem.bias', ...block(0), ...block(1), 'norm_f.gamma', 'norm_f.beta', 'out.kernel', 'out.bias'];
    expect(model.weightsManifest[0].weights.map((weight) => weight.name)).toEqual(names);
    expect(reference.names).toEqual(names);
    // Kernels in Keras layout [in, out].
    expect(model.weightsManifest[0].weights.find((weight) => weight.name === 'res.0.fc.kernel')!.shape).toEqual([16, 32]);

    // --init-from the trained model, no steps: its test record is the trained run's.
    const again = join(root, 'again');
    await run(script, ['--init-from', trained, '--steps', '0', '--seed', '99', '--out', again]);
    const test = (dir: string) => readRecords(dir).find((record) => record.test_loss !== undefined)!;
    expect(relative(test(again).test_loss!, test(trained).test_loss!)).toBeLessThan(1e-6);
    expect(savedWeightsBytes(again).equals(savedWeightsBytes(trained))).toBe(true);
  });

  it('clip_grad_norm scales the gradients to the global norm before the update, as the reference does by hand', { timeout: 300_000 }, async () => {
    const dir = temporaryDir('example-graph-clip');
    const spec = readFileSync('test/pytorch/fixtures/xt_residual.yaml', 'utf8').replace('  seed: 8\n', '  seed: 8\n  clip_grad_norm: 0.5\n');
    writeFileSync(join(dir, 'xt_residual.yaml'), spec);
    const root = await build(join(dir, 'xt_residual.yaml'));
    const script = join(root, 'xt_residual.py');
    const [initial, trained] = [join(root, 'initial'), join(root, 'trained')];
    await run(script, ['--steps', '0', '--out', initial]);
    await run(script, ['--out', trained]);
    const reference = await expectReference(root, initial, trained, ['0.5']);
    expect(reference.clipped, 'updates clipped').toBeGreaterThan(3);
  });

  it('under torchrun with 2 processes equals 1 process at the same global batch', { timeout: 300_000 }, async () => {
    const root = await build('test/pytorch/fixtures/xt_residual.yaml');
    const script = join(root, 'xt_residual.py');
    const [one, two] = [join(root, 'one'), join(root, 'two')];
    await run(script, ['--steps', '12', '--out', one]);
    const ddp = await runPython(['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '--redirects', '1', '--tee', '2', script, '--steps', '12', '--out', two]);
    expect(ddp.status, ddp.stderr).toBe(0);
    const [a, b] = [readRecords(one), readRecords(two)];
    expect(b.map((record) => record.step)).toEqual(a.map((record) => record.step));
    for (const [index, record] of a.entries()) {
      for (const key of ['data_loss', 'reg_penalty', 'val_loss', 'test_loss'] as const) {
        if (record[key] === undefined) continue;
        expect(relative(b[index][key]!, record[key]!), `${key} at ${record.step}`).toBeLessThan(1e-5);
      }
    }
  });
});

/** Keras's ReduceLROnPlateau (mode min) over the val_loss records, written again: the rate each record's update used. */
function kerasRates(records: MetricsRecord[], options: { initial: number; factor: number; patience: number; minDelta: number; cooldown: number; minLr: number }): number[] {
  let [rate, best, wait, cooldown] = [options.initial, Infinity, 0, 0];
  const rates: number[] = [];
  for (const record of records) {
    if (record.val_loss === undefined) continue;
    rates.push(rate);
    if (cooldown > 0) [cooldown, wait] = [cooldown - 1, 0];
    if (record.val_loss < best - options.minDelta) [best, wait] = [record.val_loss, 0];
    else if (cooldown === 0 && ++wait >= options.patience && rate > options.minLr) {
      [rate, cooldown, wait] = [Math.max(rate * options.factor, options.minLr), options.cooldown, 0];
    }
  }
  return rates;
}

/** Keras's EarlyStopping (mode min) over the val_loss records, written again: [best step, stopped at]. */
function kerasStop(records: MetricsRecord[], patience: number, minDelta: number): [number, number | undefined] {
  let [best, bestStep, wait] = [Infinity, -1, 0];
  for (const record of records) {
    if (record.val_loss === undefined) continue;
    wait += 1;
    if (record.val_loss < best - minDelta) [best, bestStep, wait] = [record.val_loss, record.step, 0];
    else if (wait >= patience) return [bestStep, record.step];
  }
  return [bestStep, undefined];
}

torch.describe('a residual regression graph with reduce_on_plateau and early stopping on the PyTorch target', () => {
  it('lowers the rate and stops where Keras\'s rules say; restore_best saves the best step\'s weights; --resume ends as the whole run', { timeout: 600_000 }, async () => {
    const root = await build('test/pytorch/fixtures/residual_regression.yaml');
    const script = join(root, 'residual_regression.py');
    expect(readFileSync(script, 'utf8')).toContain('torch.nn.utils.clip_grad_norm_(model.parameters(), 1)');
    const whole = join(root, 'whole');
    await run(script, ['--checkpoint-every', '100', '--out', whole]);
    const records = readRecords(whole);
    const rates = evaluations(whole).map((record) => record.learning_rate);
    expect(rates).toEqual(kerasRates(records, { initial: 0.01, factor: 0.5, patience: 2, minDelta: 0.0001, cooldown: 0, minLr: 0.001 }));
    expect(new Set(rates).size, 'the rate falls').toBeGreaterThan(1);

    const [bestStep, stoppedAt] = kerasStop(records, 4, 0.0001);
    expect(stoppedAt, 'stops before training.steps').toBeDefined();
    expect(stoppedAt!).toBeLessThan(399);
    const summary = records.find((record) => record.best_step !== undefined)!;
    expect([summary.best_step, summary.stopped_at]).toEqual([bestStep, stoppedAt]);
    expect(records.at(-1)?.test_mae).toBeDefined();
    expect(evaluations(whole).at(-1)!.step).toBe(stoppedAt);

    // restore_best: the saved weights are those of a run of best_step + 1 steps.
    const best = join(root, 'best');
    await run(script, ['--steps', String(bestStep + 1), '--out', best]);
    expect(savedWeightsBytes(best).equals(savedWeightsBytes(whole))).toBe(true);

    // Resumed from the checkpoint at step 100 (as a kill would leave it): the same records and weights.
    const resumed = join(root, 'resumed');
    cpSync(whole, resumed, { recursive: true });
    for (const file of ['model.json', 'metrics.jsonl']) rmSync(join(resumed, file));
    await run(script, ['--checkpoint-every', '100', '--out', resumed, '--resume']);
    expect(withoutTimes(resumed)).toEqual(withoutTimes(whole));
    expect(savedWeightsBytes(resumed).equals(savedWeightsBytes(whole))).toBe(true);
  });
});

black.describe('a graph on examples as PyTorch code', () => {
  it('is black-clean', async () => {
    const root = await build('test/pytorch/fixtures/residual_regression.yaml');
    await runMlpc(['build', 'test/pytorch/fixtures/xt_residual.yaml', '--target', 'pytorch', '--out', root, '--no-lint']);
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('black', ['--check', '-q', join(root, 'residual_regression.py'), join(root, 'xt_residual.py'), 'test/pytorch/residual_probe.py']);
    expect(result.status, String(result.stderr)).toBe(0);
  });
});
