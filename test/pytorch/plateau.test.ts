/**
 * The reduce_on_plateau schedule. Its rule: the PyTorch runtime's ReduceLROnPlateau against torch's own
 * (with Keras's patience and cooldown in torch's counting) and the TypeScript runtime's against the
 * PyTorch runtime's, rate for rate, on fixed sequences of monitored values (test/pytorch/plateau_probe.py).
 * Its runs (fixture plateau.yaml, a small training set whose val_loss turns up): from the same initial
 * weights both targets record the same learning rates, the ones Keras's rule gives from their own
 * val_loss records (written again here); a run resumed from a checkpoint taken inside a cooldown ends
 * as the uninterrupted run, byte for byte; --workers 2 and torchrun with 2 processes follow the
 * one-process run (same rates, the same final val_loss to 1e-4).
 */
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { ReduceLROnPlateau } from '../../src/runtime/reduce-on-plateau.js';
import type { MetricsRecord } from '../../src/runtime/metrics-log.js';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';
import { readRecords, temporaryDir } from '../emit/helpers.js';
import { runPython, torch } from './helpers.js';

const spec = 'test/pytorch/fixtures/plateau.yaml';
const tsx = resolve('node_modules/tsx/dist/cli.mjs');

interface Case {
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  min_delta: number;
  cooldown: number;
  min_lr: number;
  initial: number;
  values: number[];
}

/** A falling, noisy curve that flattens and turns up (a seeded LCG), a NaN among its values. */
function curve(seed: number, length: number): number[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length }, (_, i) => (i === 17 ? Number.NaN : 1 / (1 + 0.3 * i) + 0.002 * i + 0.04 * (next() - 0.5)));
}

function cases(): Case[] {
  const list: Case[] = [];
  const sequences = [curve(1, 60), curve(2, 60), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]];
  for (const values of sequences) {
    for (const mode of ['min', 'max'] as const) {
      for (const patience of [1, 2, 3]) {
        for (const cooldown of [0, 1, 2, 3]) {
          for (const min_delta of [0, 0.01]) {
            for (const [factor, min_lr] of [[0.5, 0], [0.1, 0.0004], [0.7, 0.02]] as const) {
              list.push({ mode, factor, patience, min_delta, cooldown, min_lr, initial: 0.1, values: mode === 'min' ? values : values.map((v) => -v) });
            }
          }
        }
      }
    }
  }
  return list;
}

function typescriptRates(testCase: Case): number[] {
  const monitor = testCase.mode === 'min' ? 'val_loss' : 'val_accuracy';
  const plateau = new ReduceLROnPlateau({
    initial: testCase.initial,
    monitor,
    mode: testCase.mode,
    factor: testCase.factor,
    patience: testCase.patience,
    minDelta: testCase.min_delta,
    cooldown: testCase.cooldown,
    minLr: testCase.min_lr,
  });
  return testCase.values.map((value, step) => {
    plateau.update(step, { step, [monitor]: value });
    return plateau.rate;
  });
}

torch.describe('reduce_on_plateau: the rule', () => {
  it('the PyTorch runtime gives torch ReduceLROnPlateau\'s rates, and the TypeScript runtime the PyTorch runtime\'s', { timeout: 120_000 }, async () => {
    const all = cases();
    const request = join(temporaryDir('plateau-rule'), 'cases.json');
    writeFileSync(request, JSON.stringify({ cases: all }));
    const result = await runPython(['test/pytorch/plateau_probe.py', 'src/runtime-py', request]);
    expect(result.status, result.stderr).toBe(0);
    const { mlpc, torch: reference } = JSON.parse(result.stdout) as { mlpc: number[][]; torch: number[][] };
    expect(mlpc).toHaveLength(all.length);
    let reductions = 0;
    all.forEach((testCase, index) => {
      const where = JSON.stringify({ ...testCase, values: undefined });
      expect(mlpc[index], `torch: ${where}`).toEqual(reference[index]);
      expect(typescriptRates(testCase), `TypeScript: ${where}`).toEqual(mlpc[index]);
      reductions += new Set(mlpc[index]).size - 1;
    });
    // The sequences do exercise the rule: most cases lower the rate, some down to min_lr.
    expect(reductions).toBeGreaterThan(all.length);
    expect(all.some((testCase, index) => testCase.min_lr > 0 && mlpc[index]!.at(-1) === testCase.min_lr)).toBe(true);
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

const withoutTimes = (dir: string) => readRecords(dir).map(({ step_ms: _, ...rest }) => rest);
const ratesOf = (dir: string) => readRecords(dir).filter((record) => record.val_loss !== undefined).map((record) => record.learning_rate);

torch.describe('reduce_on_plateau: runs in both targets', () => {
  it('both targets lower the rate where Keras\'s rule does; resumed inside a cooldown, a run ends as the uninterrupted one', { timeout: 600_000 }, async () => {
    const root = temporaryDir('plateau');
    const build = await runMlpc(['build', spec, '--target', 'typescript,pytorch', '--out', join(root, 'gen'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const scripts = { ts: join(root, 'gen', 'plateau.ts'), py: join(root, 'gen', 'plateau.py') };
    const run = async (script: string, args: string[]) => {
      const result = script.endsWith('.py')
        ? await runPython([script, ...args])
        : await runProcess(process.execPath, [tsx, script, '--backend', 'wasm', ...args], { env: { ...process.env, MLPC_QUIET: '1' } });
      expect(result.status, result.stderr).toBe(0);
    };
    await run(scripts.ts, ['--steps', '0', '--out', join(root, 'init')]);
    const init = ['--init-from', join(root, 'init')];
    const options = { initial: 0.05, factor: 0.5, patience: 2, minDelta: 0.001, cooldown: 2, minLr: 0.002 };

    for (const [dir, script] of Object.entries(scripts)) {
      // A checkpoint every 55 steps: the last at step 55, inside the cooldown of the reduction at step 50.
      const whole = join(root, dir);
      await run(script, [...init, '--checkpoint-every', '55', '--out', whole]);
      const records = readRecords(whole);
      const rates = ratesOf(whole);
      expect(rates, dir).toEqual(kerasRates(records, options));
      expect(new Set(rates).size, `${dir}: the rate falls more than once`).toBeGreaterThan(2);
      const data = readFileSync(join(whole, 'checkpoint', 'state.ckpt'));
      expect(JSON.parse(data.subarray('mlpc-checkpoint 1 '.length, data.indexOf(10)).toString('utf8')).step).toBe(55);
      expect(rates.slice(11).some((rate) => rate! < rates[11]!), `${dir}: a reduction after the checkpoint`).toBe(true);

      const resumed = join(root, `${dir}-resumed`);
      cpSync(whole, resumed, { recursive: true });
      for (const file of ['model.json', 'metrics.jsonl']) rmSync(join(resumed, file));
      await run(script, [...init, '--checkpoint-every', '55', '--out', resumed, '--resume']);
      expect(withoutTimes(resumed)).toEqual(withoutTimes(whole));
      expect(savedWeightsBytes(resumed).equals(savedWeightsBytes(whole)), `${dir}: resumed weights`).toBe(true);
    }
    expect(ratesOf(join(root, 'py'))).toEqual(ratesOf(join(root, 'ts')));

    // Worker 0 / rank 0 decides; every thread / rank must update with its rate, or the runs part.
    await run(scripts.ts, [...init, '--workers', '2', '--out', join(root, 'workers')]);
    const torchrun = await runPython(['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '--redirects', '1', '--tee', '2', scripts.py, ...init, '--out', join(root, 'ddp')]);
    expect(torchrun.status, torchrun.stderr).toBe(0);
    for (const [team, one] of [['workers', 'ts'], ['ddp', 'py']]) {
      expect(ratesOf(join(root, team!)), team).toEqual(ratesOf(join(root, one!)));
      const last = (dir: string) => readRecords(join(root, dir)).filter((record) => record.val_loss !== undefined).at(-1)!.val_loss!;
      expect(Math.abs(last(team!) - last(one!)), team).toBeLessThan(1e-4);
    }
  });
});
