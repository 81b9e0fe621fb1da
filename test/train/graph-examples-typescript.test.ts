/**
 * A graph model (spec v2) trained on examples, on the TypeScript target (src/compiler/emit/tfjs/
 * graph-examples-file.ts). The residual MLP of test/pytorch/fixtures/xt_residual.yaml builds, trains and
 * logs val_loss and val_accuracy. Its printed training step's data loss and gradients (tfjs autograd
 * over the printed forward pass, penalties included) equal the same network written again here with
 * plain tf ops and differentiated by tf.grads, from the script's step-0 save and on its first batch;
 * the script's first record logs that loss and penalty. With sgd, momentum and clip_grad_norm the first
 * update is −η times that gradient clipped; with adamw, the decay (matrices only) then Adam's step on it;
 * with class_weight the first record logs the weighted loss.
 * The model is saved as a graph (weights by parameter id, Keras layout) that --init-from reads; rmsprop
 * and --workers are refused; a run resumed from a checkpoint ends bit for bit as the uninterrupted run.
 * test/emit/fixtures/graph_mpg.yaml (regression, MAE, drop_path, reduce_on_plateau, early stopping with
 * restore_best) follows the runtime's rules over its own records; test/emit/fixtures/graph_tagger.yaml
 * (csv labels, a [positions, classes] output) logs the reference's cross-entropy at every position.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchSampler } from '../../src/runtime/batches.js';
import type { DataSplits } from '../../src/runtime/data/example-set.js';
import { deriveSeed } from '../../src/runtime/data/seeded-random.js';
import { EarlyStopping } from '../../src/runtime/early-stopping.js';
import { gatherBatch, uploadExamples } from '../../src/runtime/example-tensors.js';
import type { MetricsRecord } from '../../src/runtime/metrics-log.js';
import { ReduceLROnPlateau } from '../../src/runtime/reduce-on-plateau.js';
import { readRecords, readSavedWeights, temporaryDir } from '../emit/helpers.js';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { expectResumedAsWhole } from '../helpers/resume.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

const quiet = { ...process.env, MLPC_QUIET: '1' };
const tsx = resolve('node_modules/tsx/dist/cli.mjs');
const residualSpec = 'test/pytorch/fixtures/xt_residual.yaml';
const mpgSpec = 'test/emit/fixtures/graph_mpg.yaml';
const taggerSpec = 'test/emit/fixtures/graph_tagger.yaml';

let root = '';

/** Builds the specs with the CLI into a folder that resolves @tensorflow/tfjs. */
beforeAll(async () => {
  root = temporaryDir('graph-examples-ts');
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  // With SGD and momentum, the gradient clipped to global norm 0.1; with AdamW, decaying every tensor but the vectors.
  const variants = Object.entries({
    sgd: '{type: sgd, learning_rate: 0.5, momentum: 0.9}\n  clip_grad_norm: 0.1',
    adamw: '{type: adamw, learning_rate: 0.01, weight_decay: 0.1, exclude: [{ndim: "< 2"}]}',
    rmsprop: '{type: rmsprop, learning_rate: 0.01}\n  label_smoothing: 0.1',
    weighted: '{type: adam, learning_rate: 0.01}\n  class_weight: [1.0, 3.0, 0.5, 2.0]',
  }).map(([name, optimizer]) => {
    const spec = join(root, `xt_residual_${name}.yaml`);
    writeFileSync(spec, readFileSync(residualSpec, 'utf8').replace('name: xt_residual', `name: xt_residual_${name}`).replace('{type: adam, learning_rate: 0.01}', optimizer));
    return spec;
  });
  const build = await runMlpc(['build', residualSpec, mpgSpec, taggerSpec, variants[0], variants[1], variants[3], '--target', 'typescript', '--out', join(root, 'generated'), '--no-lint']);
  expect(build.status, build.stderr).toBe(0);
}, 120_000);

function run(name: string, args: string[], env: NodeJS.ProcessEnv = quiet) {
  return runProcess(process.execPath, [tsx, join(root, 'generated', `${name}.ts`), '--backend', 'wasm', ...args], { env });
}

/** The model definition the generated file hands to runModelScript, captured instead of run. */
interface Definition {
  initParams(seed: number): Record<string, tf.Variable>;
  loadData(seed: number): DataSplits;
  trainingStep(params: Record<string, tf.Variable>, x: tf.Tensor, targets: tf.Tensor2D, stepSeed: number): { dataLoss: tf.Scalar; grads: Record<string, tf.Tensor> };
  penalty(params: Record<string, tf.Variable>): tf.Scalar;
}

async function capturedDefinition(name = 'xt_residual'): Promise<Definition> {
  const generated = join(root, 'generated');
  const text = readFileSync(join(generated, `${name}.ts`), 'utf8');
  expect(text).toContain('\nrunModelScript(\n');
  const captured = join(generated, `${name}_definition.ts`);
  writeFileSync(captured, text.replace('\nrunModelScript(\n', '\nexport const definition = ((model: unknown, _url: string) => model)(\n'));
  return ((await import(pathToFileURL(captured).href)) as { definition: Definition }).definition;
}

/** xt_residual written again with plain tf ops (autograd's own gradients): data loss and penalty. */
function reference(w: Record<string, tf.Tensor>, x: tf.Tensor, oneHot: tf.Tensor, classWeights = [1, 1, 1, 1]): { data: tf.Scalar; penalty: tf.Scalar } {
  const dense = (h: tf.Tensor, name: string) => tf.add(tf.matMul(h as tf.Tensor2D, w[`${name}.kernel`] as tf.Tensor2D), w[`${name}.bias`]);
  const norm = (h: tf.Tensor, name: string) => {
    const { mean, variance } = tf.moments(h, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 0.001))), w[`${name}.gamma`]), w[`${name}.beta`]);
  };
  const gelu = (h: tf.Tensor) => tf.mul(tf.mul(h, 0.5), tf.add(1, tf.erf(tf.div(h, Math.SQRT2))));
  let h = tf.tanh(dense(x, 'stem'));
  for (const block of ['res.0', 'res.1']) h = tf.add(h, dense(gelu(dense(norm(h, `${block}.norm`), `${block}.fc`)), `${block}.proj`));
  const logits = dense(norm(h, 'norm_f'), 'out');
  // Keras class_weight: each example's loss times its class's weight, the sum over the batch size.
  const exampleWeights = tf.sum(tf.mul(oneHot, classWeights), -1);
  const data = tf.neg(tf.mean(tf.mul(exampleWeights, tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1)))) as tf.Scalar;
  const kernels = Object.keys(w).filter((id) => id.endsWith('.kernel'));
  const penalty = tf.mul(0.001, tf.addN(kernels.map((id) => tf.sum(tf.square(w[id]))))) as tf.Scalar;
  return { data, penalty };
}

/** The loop's first batch of xt_residual (the spec's split, the run seed's batch order: training-loop.ts). Call inside tf.tidy. */
function firstBatch(definition: Definition): { x: tf.Tensor; targets: tf.Tensor2D } {
  const train = uploadExamples(definition.loadData(8).train, [20], 4, 'one_hot');
  return gatherBatch(train, new BatchSampler(train.count, 32, deriveSeed(8, 1)).next());
}

/** The reference's data loss, penalty and gradients of their sum, at the saved weights of `dir`, by id. Call inside tf.tidy. */
function referenceAt(
  dir: string,
  batch: { x: tf.Tensor; targets: tf.Tensor2D },
  withPenalty = true,
  classWeights?: number[],
): { data: number; penalty: number; grads: Map<string, tf.Tensor> } {
  const saved = readSavedWeights(dir);
  const ids = [...saved.keys()];
  const values = ids.map((id) => tf.tensor(saved.get(id)!.values, saved.get(id)!.shape));
  const at = (tensors: tf.Tensor[]) => reference(Object.fromEntries(ids.map((id, i) => [id, tensors[i]])), batch.x, batch.targets, classWeights);
  const objective = (...tensors: tf.Tensor[]) => {
    const { data, penalty } = at(tensors);
    return withPenalty ? (tf.add(data, penalty) as tf.Scalar) : data;
  };
  const grads = tf.grads(objective)(values);
  const { data, penalty } = at(values);
  return { data: data.dataSync()[0], penalty: penalty.dataSync()[0], grads: new Map(ids.map((id, i) => [id, grads[i]])) };
}

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return difference / scale;
}

describe('a graph trained on examples, TypeScript target', { timeout: 300_000 }, () => {
  it('trains the residual MLP, logs val_loss and val_accuracy, and saves a graph --init-from reads', async () => {
    const out = join(root, 'residual');
    const trained = await run('xt_residual', ['--steps', '30', '--eval-every', '10', '--out', out], { ...quiet, MLPC_REPORT_TENSORS: '1' });
    expect(trained.status, trained.stderr).toBe(0);
    const records = readRecords(out);
    const evaluations = records.filter((record) => record.val_loss !== undefined);
    expect(evaluations.map((record) => record.step)).toEqual([0, 10, 20, 29]);
    for (const record of evaluations) expect(record.val_accuracy).toBeGreaterThanOrEqual(0);
    // No tensor leaks from the autograd step: as many tensors at every logging point after the first.
    const counts = evaluations.map((record) => (record as { num_tensors?: number }).num_tensors);
    expect(counts.every((count) => typeof count === 'number')).toBe(true);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(evaluations.at(-1)!.val_loss!).toBeLessThan(evaluations[0].val_loss! * 0.7);
    expect(evaluations.at(-1)!.val_accuracy!).toBeGreaterThan(0.6);
    expect(records.at(-1)).toMatchObject({ step: 30 });
    expect(records.at(-1)!.test_accuracy).toBeGreaterThan(0.6);

    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { modelTopology: unknown };
    expect(model.modelTopology).toEqual({ class_name: 'MlpcGraph', config: { name: 'xt_residual', input_shape: [20], spec: residualSpec }, backend: 'tfjs' });
    const weights = readSavedWeights(out);
    const block = (i: number) => ['norm.gamma', 'norm.beta', 'fc.kernel', 'fc.bias', 'proj.kernel', 'proj.bias'].map((id) => `res.${i}.${id}`);
    expect([...weights.keys()]).toEqual(['stem.kernel', 'stem.bias', ...block(0), ...block(1), 'norm_f.gamma', 'norm_f.beta', 'out.kernel', 'out.bias']);
    expect(weights.get('res.0.fc.kernel')!.shape).toEqual([16, 32]); // Keras layout [in, units]
    expect(weights.get('out.kernel')!.shape).toEqual([16, 4]);

    // --init-from the saved folder, no steps: the same weights saved again (another seed draws others).
    const again = join(root, 'residual-again');
    const loaded = await run('xt_residual', ['--steps', '0', '--seed', '99', '--init-from', out, '--out', again]);
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(savedWeightsBytes(again).equals(savedWeightsBytes(out))).toBe(true);
  });

  it("the printed step's data loss and gradients (penalties included) are autograd's over the network written again", async () => {
    const step0 = join(root, 'step0');
    const first = join(root, 'first-step');
    const [saved, stepped] = await Promise.all([run('xt_residual', ['--steps', '0', '--out', step0]), run('xt_residual', ['--steps', '1', '--out', first])]);
    expect(saved.status, saved.stderr).toBe(0);
    expect(stepped.status, stepped.stderr).toBe(0);
    await tf.setBackend('cpu');
    const definition = await capturedDefinition();
    const initial = readSavedWeights(step0);
    tf.tidy(() => {
      const params = definition.initParams(8);
      // The step-0 save holds the initial weights, by id, in the held layout.
      for (const [id, variable] of Object.entries(params)) {
        expect(Array.from(variable.dataSync()), id).toEqual(Array.from(initial.get(id)!.values));
      }
      const batch = firstBatch(definition);
      const { dataLoss, grads } = definition.trainingStep(params, batch.x, batch.targets, deriveSeed(deriveSeed(8, 2), 0));
      const expected = referenceAt(step0, batch);
      expect(Math.abs(dataLoss.dataSync()[0] - expected.data) / expected.data).toBeLessThan(1e-5);
      expect(Math.abs(definition.penalty(params).dataSync()[0] - expected.penalty) / expected.penalty).toBeLessThan(1e-5);
      expect(Object.keys(grads)).toEqual([...expected.grads.keys()]);
      for (const [id, grad] of expected.grads) expect(relativeError(grads[id].dataSync(), grad.dataSync()), id).toBeLessThan(1e-5);
      // The l2 terms reach the gradients: without them a kernel's gradient differs.
      const dataOnly = referenceAt(step0, batch, false);
      expect(relativeError(grads['res.1.fc.kernel'].dataSync(), dataOnly.grads.get('res.1.fc.kernel')!.dataSync())).toBeGreaterThan(1e-3);

      // The script's first record (wasm): the same batch's data loss and the penalty of the initial weights.
      const [record] = readRecords(first);
      expect(record.step).toBe(0);
      expect(Math.abs(record.data_loss! - expected.data) / expected.data).toBeLessThan(1e-5);
      expect(Math.abs(record.reg_penalty! - expected.penalty) / expected.penalty).toBeLessThan(1e-5);
    });
  });

  /** A variant's weights before and after its first update, and the reference gradient there, by id. */
  async function firstUpdate(variant: string): Promise<{ initial: Map<string, { values: Float32Array }>; updated: Map<string, { values: Float32Array }>; grads: Map<string, Float32Array> }> {
    const [before, after] = [join(root, `${variant}-0`), join(root, `${variant}-1`)];
    const runs = await Promise.all([run(variant, ['--steps', '0', '--out', before]), run(variant, ['--steps', '1', '--out', after])]);
    for (const result of runs) expect(result.status, result.stderr).toBe(0);
    await tf.setBackend('cpu');
    const definition = await capturedDefinition();
    const grads = new Map<string, Float32Array>();
    tf.tidy(() => {
      for (const [id, grad] of referenceAt(before, firstBatch(definition)).grads) grads.set(id, grad.dataSync() as Float32Array);
    });
    return { initial: readSavedWeights(before), updated: readSavedWeights(after), grads };
  }

  it("sgd with momentum and clip_grad_norm: the script's first update is −η times the reference gradient, clipped", async () => {
    const { initial, updated, grads } = await firstUpdate('xt_residual_sgd');
    // Keras's velocity starts at zero: the first update is −η·g; torch's clip_grad_norm_ scales g by min(1, c / (‖g‖ + 1e-6)).
    const norm = Math.sqrt([...grads.values()].reduce((sum, grad) => sum + grad.reduce((total, value) => total + value * value, 0), 0));
    const scale = Math.min(1, 0.1 / (norm + 1e-6));
    expect(scale).toBeLessThan(0.9);
    for (const [id, grad] of grads) {
      const step = initial.get(id)!.values.map((value, i) => (value - updated.get(id)!.values[i]) / (0.5 * scale));
      // Rounding of w and w − η·g in float32 bounds the agreement of their difference.
      expect(relativeError(step, grad), id).toBeLessThan(1e-3);
    }
  });

  it("adamw: the first update decays the matrices only, then Adam's step (Keras's ε) on the reference gradient", async () => {
    const { initial, updated, grads } = await firstUpdate('xt_residual_adamw');
    const [rate, decay, beta1, beta2, epsilon] = [0.01, 0.1, 0.9, 0.999, 1e-7];
    for (const [id, grad] of grads) {
      const decayed = !/\.(bias|gamma|beta)$/.test(id);
      // t = 1: w ← w·(1 − ηλ), then w − η·√(1 − β2)/(1 − β1) · (1 − β1)g / (√((1 − β2)g²) + ε).
      const expected = initial.get(id)!.values.map((w, i) => w * (decayed ? 1 - rate * decay : 1) - (rate * Math.sqrt(1 - beta2) * grad[i]) / (Math.sqrt((1 - beta2) * grad[i] ** 2) + epsilon));
      const difference = Math.max(...updated.get(id)!.values.map((w, i) => Math.abs(w - expected[i])));
      expect(difference, id).toBeLessThan(2e-6);
    }
  });

  it('class_weight: the first record logs the weighted data loss of the reference', async () => {
    const [step0, first] = [join(root, 'weighted-0'), join(root, 'weighted-1')];
    const runs = await Promise.all([run('xt_residual_weighted', ['--steps', '0', '--out', step0]), run('xt_residual_weighted', ['--steps', '1', '--out', first])]);
    for (const result of runs) expect(result.status, result.stderr).toBe(0);
    await tf.setBackend('cpu');
    const definition = await capturedDefinition();
    const [weighted, plain] = tf.tidy(() => {
      const batch = firstBatch(definition);
      return [referenceAt(step0, batch, true, [1, 3, 0.5, 2]).data, referenceAt(step0, batch).data];
    });
    const [record] = readRecords(first);
    expect(Math.abs(record.data_loss! - weighted) / weighted).toBeLessThan(1e-5);
    expect(Math.abs(weighted - plain) / plain).toBeGreaterThan(0.01);
  });

  it('a tagger (csv labels): the first record logs the cross-entropy at every position of the network written again', async () => {
    const [step0, trained] = [join(root, 'tagger-0'), join(root, 'tagger')];
    const runs = await Promise.all([run('graph_tagger', ['--steps', '0', '--out', step0]), run('graph_tagger', ['--out', trained])]);
    for (const result of runs) expect(result.status, result.stderr).toBe(0);
    await tf.setBackend('cpu');
    const definition = await capturedDefinition('graph_tagger');
    const expected = tf.tidy(() => {
      const train = uploadExamples(definition.loadData(3).train, [8, 1], 3, 'positions');
      const batch = gatherBatch(train, new BatchSampler(train.count, 16, deriveSeed(3, 1)).next());
      const saved = readSavedWeights(step0);
      const w = (id: string) => tf.tensor(saved.get(id)!.values, saved.get(id)!.shape);
      // Every position alike: [batch × positions, width] rows.
      const dense = (h: tf.Tensor, name: string) => tf.add(tf.matMul(tf.reshape(h, [-1, h.shape[h.rank - 1]!]) as tf.Tensor2D, w(`${name}.kernel`) as tf.Tensor2D), w(`${name}.bias`));
      const h = tf.tanh(dense(batch.x, 'stem'));
      const { mean, variance } = tf.moments(h, -1, true);
      const logits = dense(tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 0.001))), w('norm.gamma')), w('norm.beta')), 'head');
      const labels = tf.oneHot(tf.cast(tf.reshape(batch.targets, [-1]), 'int32'), 3);
      return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1))).dataSync()[0];
    });
    const records = readRecords(trained);
    expect(Math.abs(records[0].data_loss! - expected) / expected).toBeLessThan(1e-5);
    expect(records.filter((record) => record.val_accuracy !== undefined).map((record) => record.step)).toEqual([0, 10, 20, 30, 39]);
  });

  it('refuses an optimizer and label smoothing it does not print, at their lines, nothing written', async () => {
    const out = join(root, 'refused');
    const refused = await runMlpc(['build', join(root, 'xt_residual_rmsprop.yaml'), '--target', 'typescript', '--out', out, '--no-lint']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/xt_residual_rmsprop\.yaml:24:14 error --target typescript: a graph model on examples trains with adam, adamw or sgd here, not rmsprop \[target-unsupported\]/);
    expect(refused.stderr).toMatch(/xt_residual_rmsprop\.yaml:25:\d+ error --target typescript: label_smoothing on a graph model trained on examples is not supported yet \[target-unsupported\]/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --workers with a message, exit 2', async () => {
    const refused = await run('xt_residual', ['--steps', '2', '--workers', '2', '--out', join(root, 'workers')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--workers 2: xt_residual is a graph model (spec v2), which trains on one thread: run it without --workers');
  });

  it('a run resumed from a checkpoint ends bit for bit as the uninterrupted run (drop_path on)', async () => {
    await expectResumedAsWhole('graph_mpg', join(root, 'resume'), (args, env) => run('graph_mpg', args, env));
  });

  it('regression with reduce_on_plateau and early stopping: the rate and the stop follow the rules over its own records; restore_best ends with the best weights', async () => {
    const out = join(root, 'mpg');
    const trained = await run('graph_mpg', ['--out', out]);
    expect(trained.status, trained.stderr).toBe(0);
    const records = readRecords(out);
    const evaluations = records.filter((record) => record.val_loss !== undefined);
    expect(evaluations.every((record) => record.val_mae === record.val_loss)).toBe(true);
    // The runtime's rules (checked against torch and Keras in test/pytorch/), fed this run's records.
    const plateau = new ReduceLROnPlateau({ initial: 0.01, monitor: 'val_loss', mode: 'min', factor: 0.5, patience: 2, minDelta: 0.0001, cooldown: 0, minLr: 0.0001 });
    const stopping = new EarlyStopping({ monitor: 'val_loss', mode: 'min', patience: 5, minDelta: 0.01, restoreBest: true });
    const rates = evaluations.map((record: MetricsRecord) => {
      const rate = plateau.rate;
      plateau.update(record.step, record);
      stopping.update(record.step, record);
      return rate;
    });
    expect(evaluations.map((record) => record.learning_rate)).toEqual(rates);
    expect(new Set(rates).size).toBeGreaterThan(1); // the rate did fall
    expect(stopping.stoppedAt).not.toBeNull();
    const summary = records.find((record) => record.best_step !== undefined)!;
    expect(summary).toMatchObject({ best_step: stopping.bestStep, stopped_at: stopping.stoppedAt });
    expect(stopping.stoppedAt!).toBeLessThan(599);
    // A run of best_step + 1 steps ends at the best evaluation: restore_best gave its weights.
    const short = join(root, 'mpg-short');
    const shorter = await run('graph_mpg', ['--steps', String(stopping.bestStep! + 1), '--out', short]);
    expect(shorter.status, shorter.stderr).toBe(0);
    expect(savedWeightsBytes(short).equals(savedWeightsBytes(out))).toBe(true);
  });
});
