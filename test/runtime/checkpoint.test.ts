/**
 * Checkpoints and --resume of the TypeScript target (one thread): a run resumed from a mid-run
 * checkpoint, or SIGKILLed at a random moment after its first checkpoint and resumed, ends bit for bit
 * where the uninterrupted run ends (saved weights, metrics records apart from step_ms); a checkpoint
 * of another run is refused with what differs (exit 2).
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killMidRun, runUntilKilled } from '../helpers/kill.js';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';
import { readRecords, temporaryDir } from '../emit/helpers.js';

const tsx = resolve('node_modules/tsx/dist/cli.mjs');

async function buildModel(spec: string): Promise<string> {
  const root = temporaryDir('checkpoint-ts');
  const build = await runMlpc(['build', spec, '--out', join(root, 'generated'), '--no-lint']);
  expect(build.status, build.stderr).toBe(0);
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  return join(root, 'generated', `${spec.split('/').pop()!.replace('.yaml', '')}.ts`);
}

function train(script: string, args: string[], quiet = '1') {
  return runProcess(process.execPath, [tsx, script, '--backend', 'wasm', ...args], { env: { ...process.env, MLPC_QUIET: quiet } });
}

function header(out: string): Record<string, unknown> | null {
  const file = join(out, 'checkpoint', 'state.ckpt');
  if (!existsSync(file)) return null;
  const data = readFileSync(file);
  return JSON.parse(data.subarray('mlpc-checkpoint 1 '.length, data.indexOf(10)).toString('utf8')) as Record<string, unknown>;
}

function expectSameRun(expected: string, actual: string): void {
  const withoutTimes = (dir: string) => readRecords(dir).map(({ step_ms: _, ...rest }) => rest);
  expect(withoutTimes(actual)).toEqual(withoutTimes(expected));
  expect(savedWeightsBytes(actual).equals(savedWeightsBytes(expected))).toBe(true);
}

describe('checkpoints and --resume (TypeScript)', { timeout: 300_000 }, () => {
  // Dropout, L1/L2 and max-norm counters under SGD; Adam's moments.
  it.each(['test/emit/fixtures/tiny_mlp.yaml', 'test/emit/fixtures/workers_adam.yaml'])('%s resumed from a mid-run checkpoint ends bit for bit', async (spec) => {
    const script = await buildModel(spec);
    const runs = temporaryDir('checkpoint-ts-runs');
    const flags = ['--steps', '45', '--eval-every', '5', '--checkpoint-every', '17'];
    const whole = await train(script, [...flags, '--out', join(runs, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    expect(header(join(runs, 'whole'))?.step).toBe(34);
    cpSync(join(runs, 'whole'), join(runs, 'resumed'), { recursive: true });
    rmSync(join(runs, 'resumed', 'model.json'));
    const resumed = await train(script, [...flags, '--out', join(runs, 'resumed'), '--resume'], '0');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^\\w+: resuming at step 35 from ${join(runs, 'resumed', 'checkpoint', 'state.ckpt')}\n`));
    expectSameRun(join(runs, 'whole'), join(runs, 'resumed'));
  });

  it('--workers 2 resumed from a mid-run checkpoint ends bit for bit as its uninterrupted run', async () => {
    const script = await buildModel('test/emit/fixtures/workers_adam.yaml');
    const runs = temporaryDir('checkpoint-ts-workers');
    const flags = ['--steps', '30', '--eval-every', '5', '--checkpoint-every', '11', '--workers', '2'];
    const whole = await train(script, [...flags, '--out', join(runs, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    expect(header(join(runs, 'whole'))).toMatchObject({ step: 22, world_size: 2 });
    cpSync(join(runs, 'whole'), join(runs, 'resumed'), { recursive: true });
    rmSync(join(runs, 'resumed', 'model.json'));
    const resumed = await train(script, [...flags, '--out', join(runs, 'resumed'), '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expectSameRun(join(runs, 'whole'), join(runs, 'resumed'));
  });

  it('SIGKILLed at a random moment after its first checkpoint, resumes to the uninterrupted result', async () => {
    const script = await buildModel('test/emit/fixtures/tiny_mlp.yaml');
    const runs = temporaryDir('checkpoint-ts-kill');
    const flags = ['--steps', '600', '--eval-every', '50', '--checkpoint-every', '7'];
    const whole = await train(script, [...flags, '--out', join(runs, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    const out = join(runs, 'killed');
    await killMidRun(
      (maxDelayMs) => {
        rmSync(out, { recursive: true, force: true });
        // node --import tsx: the tsx CLI would run the script in a child process, which a SIGKILL of the CLI leaves running.
        return runUntilKilled(process.execPath, ['--import', 'tsx', script, '--backend', 'wasm', ...flags, '--out', out], () => header(out) !== null, maxDelayMs);
      },
      1500,
      () => existsSync(join(out, 'model.json')),
    );
    const resumed = await train(script, [...flags, '--out', out, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expectSameRun(join(runs, 'whole'), out);
  });

  it('refuses a checkpoint of another run naming what differs (exit 2)', async () => {
    const script = await buildModel('test/emit/fixtures/tiny_mlp.yaml');
    const out = join(temporaryDir('checkpoint-ts-refuse'), 'run');
    const flags = ['--steps', '12', '--eval-every', '5', '--out', out];
    const first = await train(script, flags);
    expect(first.status, first.stderr).toBe(0);
    const seed = await train(script, [...flags, '--seed', '4', '--resume']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/state\.ckpt is the checkpoint of another run \(seed 3 there, 4 here\): run without --resume/);
    const file = join(out, 'checkpoint', 'state.ckpt');
    const python = join(out, 'python.ckpt');
    copyFileSync(file, python);
    writeFileSync(file, readFileSync(python).toString('latin1').replace('"target":"typescript"', '"target":"pytorch"'), 'latin1');
    const target = await train(script, [...flags, '--resume']);
    expect(target.status).toBe(2);
    expect(target.stderr).toMatch(/\(target pytorch there, typescript here\)/);
    const workers = await train(script, [...flags, '--workers', '2', '--resume']);
    expect(workers.status).toBe(2);
    expect(workers.stderr).toMatch(/\(target pytorch there, typescript here; world size 1 there, 2 here\)/);
    mkdirSync(join(out, 'empty'));
    const none = await train(script, ['--steps', '12', '--out', join(out, 'empty'), '--resume']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--resume: no checkpoint in .*empty\/checkpoint/);
  });
});
