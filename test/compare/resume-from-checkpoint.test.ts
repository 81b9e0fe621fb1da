/**
 * `compare --resume` continues an unfinished run from the checkpoint its script left in the run's
 * folder (`--resume` passed to the trainer); a new study, or a run without a checkpoint, starts over.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { TrainFunction, TrainOptions } from '../../src/compare/trainer.js';
import { fakeTrainer } from './fake-trainer.js';

const fixtures = ['test/compare/fixtures/tiny_plain.yaml', 'test/compare/fixtures/tiny_l2_dropout.yaml'];
const silent = { write: () => true };

function leaveCheckpoint(out: string): void {
  mkdirSync(join(out, 'checkpoint'), { recursive: true });
  writeFileSync(join(out, 'checkpoint', 'state.ckpt'), 'mlpc-checkpoint 1 {}\n');
}

describe('compare --resume and run checkpoints', () => {
  it('resumes the interrupted run from its checkpoint, and only that one', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-compare-ckpt-'));
    const controller = new AbortController();
    const { train: fake } = fakeTrainer();
    let started = 0;
    let interruptedOut = '';
    // The second run is interrupted after writing a checkpoint, as a killed script leaves one.
    const interrupted: TrainFunction = async (ir, options) => {
      started += 1;
      if (started === 2) {
        interruptedOut = options.out;
        leaveCheckpoint(options.out);
        controller.abort();
        throw new Error('aborted');
      }
      return fake(ir, options);
    };
    expect(await runCompare({ specs: fixtures, out, seeds: 2, jobs: 1 }, { train: interrupted, stderr: silent, signal: controller.signal })).toBe(130);

    const calls: TrainOptions[] = [];
    const recording: TrainFunction = async (ir, options) => {
      calls.push(options);
      return fake(ir, options);
    };
    expect(await runCompare({ specs: [], out, resume: out, jobs: 1 }, { train: recording, stderr: silent, signal: new AbortController().signal })).toBe(0);
    expect(calls.length).toBe(3);
    expect(calls.filter((options) => options.resume === true).map((options) => options.out)).toEqual([interruptedOut]);
  });

  it('a new study starts every run over, whatever checkpoint its folders hold', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-compare-ckpt-new-'));
    const { train: fake, calls } = fakeTrainer();
    const leaving: TrainFunction = async (ir, options) => {
      leaveCheckpoint(options.out);
      return fake(ir, options);
    };
    expect(await runCompare({ specs: fixtures, out, seeds: 1, jobs: 1 }, { train: leaving, stderr: silent, signal: new AbortController().signal })).toBe(0);
    expect(await runCompare({ specs: fixtures, out, seeds: 1, jobs: 1 }, { train: leaving, stderr: silent, signal: new AbortController().signal })).toBe(0);
    expect(calls.length).toBe(4);
    expect(calls.some((options) => options.resume === true)).toBe(false);
  });
});
