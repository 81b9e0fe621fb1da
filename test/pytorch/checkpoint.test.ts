/**
 * Checkpoints and --resume of the PyTorch target, one process: a run resumed from a checkpoint ends
 * bit for bit where the uninterrupted run ends (weights, optimizer moments, schedule, batch order,
 * dropout generator, constraint counters, metrics records); a kill at any moment, during a checkpoint
 * write too, leaves a checkpoint that resumes; a checkpoint of another run is refused (exit 2).
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runPython, torch } from './helpers.js';
import { killMidRun } from '../helpers/kill.js';
import { buildScript, checkpointFile, checkpointHeader, editCheckpointHeader, expectSameRun, runUntilKilled } from './checkpoint-helpers.js';

torch.describe('checkpoints and --resume (one process)', () => {
  // Dropout and max-norm counters; a staircase schedule under Nesterov momentum; Adam's step count; batch norm.
  it.each(['test/emit/fixtures/tiny_mlp.yaml', 'test/pytorch/fixtures/xt_constraints.yaml', 'test/pytorch/fixtures/xt_adam.yaml', 'test/pytorch/fixtures/xt_bn.yaml'])(
    '%s resumed from a mid-run checkpoint ends bit for bit as the uninterrupted run',
    { timeout: 240_000 },
    async (spec) => {
      const script = await buildScript(spec, 'mlpc-ckpt-');
      const runs = mkdtempSync(join(tmpdir(), 'mlpc-ckpt-runs-'));
      // Checkpoints after steps 0, 17 and 34: the last one is 10 steps before the end.
      const flags = ['--steps', '45', '--eval-every', '5', '--checkpoint-every', '17'];
      const whole = await runPython([script, ...flags, '--out', join(runs, 'whole')]);
      expect(whole.status, whole.stderr).toBe(0);
      expect(checkpointHeader(join(runs, 'whole'))?.step).toBe(34);
      // The same folder resumed: steps 35-44 again, the records after step 34 dropped and rewritten.
      cpSync(join(runs, 'whole'), join(runs, 'resumed'), { recursive: true });
      rmSync(join(runs, 'resumed', 'model.pt'));
      const resumed = await runPython([script, ...flags, '--out', join(runs, 'resumed'), '--resume'], { MLPC_QUIET: '0' });
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(resumed.stderr.split('\n')[0]).toBe(`${spec.split('/').pop()!.replace('.yaml', '')}: resuming at step 35 from ${checkpointFile(join(runs, 'resumed'))}`);
      expectSameRun(join(runs, 'whole'), join(runs, 'resumed'));
    },
  );

  it('the GPT (a graph script: window sampler, warmup-cosine schedule, AdamW) resumed ends bit for bit', { timeout: 240_000 }, async () => {
    const script = await buildScript('test/pytorch/fixtures/tiny_gpt.yaml', 'mlpc-ckpt-gpt-');
    const runs = mkdtempSync(join(tmpdir(), 'mlpc-ckpt-gpt-runs-'));
    const flags = ['--steps', '24', '--eval-every', '4', '--checkpoint-every', '7'];
    const whole = await runPython([script, ...flags, '--out', join(runs, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    expect(checkpointHeader(join(runs, 'whole'))?.step).toBe(21);
    cpSync(join(runs, 'whole'), join(runs, 'resumed'), { recursive: true });
    rmSync(join(runs, 'resumed', 'model.pt'));
    const resumed = await runPython([script, ...flags, '--out', join(runs, 'resumed'), '--resume'], { MLPC_QUIET: '0' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`tiny_gpt: resuming at step 22 from ${checkpointFile(join(runs, 'resumed'))}\n`);
    expectSameRun(join(runs, 'whole'), join(runs, 'resumed'));
  });

  it('SIGKILLed at a random moment after its first checkpoint, resumes to the uninterrupted result', { timeout: 300_000 }, async () => {
    const script = await buildScript('test/emit/fixtures/tiny_mlp.yaml', 'mlpc-ckpt-kill-');
    const runs = mkdtempSync(join(tmpdir(), 'mlpc-ckpt-kill-runs-'));
    const flags = ['--steps', '3000', '--eval-every', '50', '--checkpoint-every', '13'];
    const whole = await runPython([script, ...flags, '--out', join(runs, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    const out = join(runs, 'killed');
    await killMidRun(
      (maxDelayMs) => {
        rmSync(out, { recursive: true, force: true });
        return runUntilKilled([script, ...flags, '--out', out], () => checkpointHeader(out) !== null, maxDelayMs);
      },
      1500,
      () => existsSync(join(out, 'model.json')),
    );
    const resumed = await runPython([script, ...flags, '--out', out, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expectSameRun(join(runs, 'whole'), out);
  });

  it('killed during checkpoint writes, leaves a checkpoint that loads and no temporary file after the next write', { timeout: 600_000 }, async () => {
    const script = await buildScript('test/emit/fixtures/tiny_mlp.yaml', 'mlpc-ckpt-write-');
    const runs = mkdtempSync(join(tmpdir(), 'mlpc-ckpt-write-runs-'));
    // A checkpoint after every step: most of the run is spent writing one.
    const flags = ['--steps', '4000', '--eval-every', '100', '--checkpoint-every', '1'];
    const out = join(runs, 'killed');
    let lastStep = -1;
    for (let attempt = 0; attempt < 4; attempt++) {
      const args = [script, ...flags, '--out', out, ...(attempt === 0 ? [] : ['--resume'])];
      const { killed, stderr } = await runUntilKilled(args, () => ((checkpointHeader(out)?.step as number | undefined) ?? -1) > lastStep, 800);
      expect(killed, stderr).toBe(true);
      const step = checkpointHeader(out)!.step as number;
      expect(step).toBeGreaterThan(lastStep);
      lastStep = step;
      const names = readdirSync(join(out, 'checkpoint'));
      expect(names).toContain('state.ckpt');
      expect(names.every((name) => name === 'state.ckpt' || /^\.state\.ckpt\.\d+-[0-9a-f]{8}\.tmp$/.test(name)), names.join(' ')).toBe(true);
    }
    const resumed = await runPython([script, '--steps', '4000', '--eval-every', '100', '--checkpoint-every', '1000', '--out', out, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readdirSync(join(out, 'checkpoint'))).toEqual(['state.ckpt']);
    const whole = await runPython([script, ...flags.slice(0, 4), '--checkpoint-every', '0', '--out', join(runs, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    expect(existsSync(join(runs, 'whole', 'checkpoint', 'state.ckpt'))).toBe(false);
    expectSameRun(join(runs, 'whole'), out);
  });

  it('refuses a checkpoint of another run, naming what differs (exit 2), and --resume without one', { timeout: 240_000 }, async () => {
    const script = await buildScript('test/emit/fixtures/tiny_mlp.yaml', 'mlpc-ckpt-refuse-');
    const runs = mkdtempSync(join(tmpdir(), 'mlpc-ckpt-refuse-runs-'));
    const out = join(runs, 'run');
    const flags = ['--steps', '20', '--eval-every', '5', '--out', out];
    const first = await runPython([script, ...flags]);
    expect(first.status, first.stderr).toBe(0);
    const saved = join(runs, 'state.ckpt');
    copyFileSync(checkpointFile(out), saved);
    const refused = async (args: string[], message: RegExp) => {
      const result = await runPython([script, ...args, '--resume']);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/Traceback/);
      copyFileSync(saved, checkpointFile(out));
    };
    await refused([...flags, '--seed', '4'], /is the checkpoint of another run \(seed 3 there, 4 here\): run without --resume/);
    await refused(['--steps', '30', '--eval-every', '5', '--out', out], /\(steps 20 there, 30 here\)/);
    editCheckpointHeader(out, 'world_size', 2);
    await refused(flags, /\(world size 2 there, 1 here\)/);
    editCheckpointHeader(out, 'target', 'typescript');
    await refused(flags, /\(target typescript there, pytorch here\)/);
    editCheckpointHeader(out, 'compiler', 'mlpc 0.1.0, compiler 0000000000000000');
    await refused(flags, /\(compiler mlpc 0\.1\.0, compiler 0000000000000000 there, mlpc [^ ]+, compiler [0-9a-f]{16} here\)/);
    editCheckpointHeader(out, 'spec', 'specs/other.yaml sha256 00');
    await refused(flags, /\(spec specs\/other\.yaml sha256 00 there, test\/emit\/fixtures\/tiny_mlp\.yaml sha256 [0-9a-f]{64} here\)/);
    rmSync(join(out, 'checkpoint'), { recursive: true });
    const none = await runPython([script, ...flags, '--resume']);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(`error: --resume: no checkpoint in ${join(out, 'checkpoint')}\n`);
  });
});
