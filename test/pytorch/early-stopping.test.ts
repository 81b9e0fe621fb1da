/**
 * training.early_stopping in both targets (fixture early_stop.yaml: a small training set that Adam
 * overfits, so val_loss turns up): from the same initial weights (--init-from, no dropout) both stop at
 * the evaluation Keras's rule picks from their own records; restore_best ends with the weights of a run
 * of best_step + 1 steps, byte for byte; a run resumed from a checkpoint taken after its best (as a
 * kill would leave it) keeps that best and ends as the uninterrupted run, and so does a PyTorch run
 * SIGKILLed at a random moment; torchrun with 2 processes and --workers 2 stop where one process stops.
 */
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';
import { readRecords, temporaryDir } from '../emit/helpers.js';
import type { MetricsRecord } from '../../src/runtime/metrics-log.js';
import { runPython, torch } from './helpers.js';
import { killMidRun } from '../helpers/kill.js';
import { expectSameRun, runUntilKilled } from './checkpoint-helpers.js';

const spec = 'test/pytorch/fixtures/early_stop.yaml';
const tsx = resolve('node_modules/tsx/dist/cli.mjs');
const patience = 3;
const minDelta = 0.001;

async function buildBoth(): Promise<{ root: string; ts: string; py: string }> {
  const root = temporaryDir('early-stop');
  const build = await runMlpc(['build', spec, '--target', 'typescript,pytorch', '--out', join(root, 'gen'), '--no-lint']);
  expect(build.status, build.stderr).toBe(0);
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  return { root, ts: join(root, 'gen', 'early_stop.ts'), py: join(root, 'gen', 'early_stop.py') };
}

async function run(script: string, args: string[]): Promise<void> {
  const result = script.endsWith('.py')
    ? await runPython([script, ...args])
    : await runProcess(process.execPath, [tsx, script, '--backend', 'wasm', ...args], { env: { ...process.env, MLPC_QUIET: '1' } });
  expect(result.status, result.stderr).toBe(0);
}

/** Keras's EarlyStopping (mode min) over the val_loss records, written again here: [best step, stopped at]. */
function kerasRule(records: MetricsRecord[]): [number, number | undefined] {
  let best = Infinity;
  let bestStep = -1;
  let wait = 0;
  for (const record of records) {
    if (record.val_loss === undefined) continue;
    wait += 1;
    if (record.val_loss < best - minDelta) [best, bestStep, wait] = [record.val_loss, record.step, 0];
    else if (wait >= patience) return [bestStep, record.step];
  }
  return [bestStep, undefined];
}

const summaryOf = (records: MetricsRecord[]) => records.find((record) => record.best_step !== undefined)!;
const withoutTimes = (dir: string) => readRecords(dir).map(({ step_ms: _, ...rest }) => rest);

torch.describe('early stopping in both targets', () => {
  it('stops both targets at the same evaluation; restore_best gives the best step\'s weights; a resumed run keeps its best', { timeout: 600_000 }, async () => {
    const { root, ts, py } = await buildBoth();
    await run(ts, ['--steps', '0', '--out', join(root, 'init')]);
    const init = ['--init-from', join(root, 'init')];
    await run(ts, [...init, '--out', join(root, 'ts')]);
    await run(py, [...init, '--out', join(root, 'py')]);

    const stops = ['ts', 'py'].map((dir) => {
      const records = readRecords(join(root, dir));
      const summary = summaryOf(records);
      const [bestStep, stoppedAt] = kerasRule(records);
      expect(summary.best_step, dir).toBe(bestStep);
      expect(summary.stopped_at, dir).toBe(stoppedAt);
      // The last evaluation is the one that stopped; then the summary and the test record.
      expect(records.at(-3)?.step).toBe(stoppedAt);
      expect(records.at(-1)?.step).toBe(stoppedAt! + 1);
      expect(records.at(-1)?.test_loss).toBeDefined();
      return summary;
    });
    expect(stops[0].stopped_at).toBeLessThan(300);
    expect(stops[0].best_step).toBeLessThan(stops[0].stopped_at!);
    expect(stops[1].stopped_at).toBe(stops[0].stopped_at);
    expect(stops[1].best_step).toBe(stops[0].best_step);
    expect(Math.abs(stops[1].best_val_loss! - stops[0].best_val_loss!)).toBeLessThan(1e-4);

    const best = stops[0].best_step!;
    for (const [dir, script] of [['ts', ts], ['py', py]] as const) {
      // A run of best + 1 steps ends at the best evaluation: restore_best must give its weights.
      const short = join(root, `${dir}-short`);
      await run(script, [...init, '--steps', String(best + 1), '--out', short]);
      expect(summaryOf(readRecords(short)).best_step).toBe(best);
      expect(savedWeightsBytes(join(root, dir)).equals(savedWeightsBytes(short)), `${dir}: restored weights`).toBe(true);

      // A checkpoint past the best and before the stop (what a kill then leaves), resumed.
      const every = best + 5;
      const whole = join(root, `${dir}-whole`);
      await run(script, [...init, '--checkpoint-every', String(every), '--out', whole]);
      const data = readFileSync(join(whole, 'checkpoint', 'state.ckpt'));
      expect(JSON.parse(data.subarray('mlpc-checkpoint 1 '.length, data.indexOf(10)).toString('utf8')).step).toBe(every);
      const resumed = join(root, `${dir}-resumed`);
      cpSync(whole, resumed, { recursive: true });
      for (const file of ['model.json', 'metrics.jsonl']) rmSync(join(resumed, file));
      await run(script, [...init, '--checkpoint-every', String(every), '--out', resumed, '--resume']);
      expect(withoutTimes(resumed)).toEqual(withoutTimes(whole));
      expect(savedWeightsBytes(resumed).equals(savedWeightsBytes(join(root, dir)))).toBe(true);

      // Resumed after the stop (the last checkpoint is the stopping evaluation's): nothing more is trained.
      const after = join(root, `${dir}-after`);
      cpSync(join(root, dir), after, { recursive: true });
      await run(script, [...init, '--out', after, '--resume']);
      expect(withoutTimes(after)).toEqual(withoutTimes(join(root, dir)));
      expect(savedWeightsBytes(after).equals(savedWeightsBytes(join(root, dir)))).toBe(true);
    }
  });

  it('torchrun with 2 processes and --workers 2 stop at the one-process run\'s evaluation', { timeout: 600_000 }, async () => {
    const { root, ts, py } = await buildBoth();
    await run(ts, ['--steps', '0', '--out', join(root, 'init')]);
    const init = ['--init-from', join(root, 'init')];
    await run(py, [...init, '--out', join(root, 'one')]);
    const torchrun = await runPython(['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '--redirects', '1', '--tee', '2', py, ...init, '--out', join(root, 'ddp')]);
    expect(torchrun.status, torchrun.stderr).toBe(0);
    await run(ts, [...init, '--workers', '2', '--out', join(root, 'workers')]);
    const expected = summaryOf(readRecords(join(root, 'one')));
    expect(expected.stopped_at).toBeDefined();
    for (const dir of ['ddp', 'workers']) {
      const summary = summaryOf(readRecords(join(root, dir)));
      expect([summary.best_step, summary.stopped_at], dir).toEqual([expected.best_step, expected.stopped_at]);
      expect(readRecords(join(root, dir)).at(-1)?.step, dir).toBe(expected.stopped_at! + 1);
    }
  });

  it('PyTorch: SIGKILLed at a random moment after its first best weights, resumed, it ends as the uninterrupted run', { timeout: 600_000 }, async () => {
    const { root, ts, py } = await buildBoth();
    await run(ts, ['--steps', '0', '--out', join(root, 'init')]);
    const flags = ['--init-from', join(root, 'init'), '--checkpoint-every', '1'];
    await run(py, [...flags, '--out', join(root, 'whole')]);
    const killed = join(root, 'killed');
    // After step 0 the run trains about 45 steps with a checkpoint each (some 300 ms here); a kill
    // may also land in or after the save: the resumed run then trains nothing and saves again.
    await killMidRun(
      (maxDelayMs) => {
        rmSync(killed, { recursive: true, force: true });
        return runUntilKilled([py, ...flags, '--out', killed], () => existsSync(join(killed, 'checkpoint', 'best.ckpt')), maxDelayMs);
      },
      100,
      () => existsSync(join(killed, 'model.json')),
    );
    await run(py, [...flags, '--out', killed, '--resume']);
    expectSameRun(join(root, 'whole'), killed);
  });
});
