/**
 * The TypeScript target's GPT (generated/shakespeare_char.ts): `mlpc train` saves the tied tensor once
 * under its owner's id; `--init-from DIR --sample N` without --steps prints N characters after the
 * prompt, the same text for the same seed; a run resumed from a checkpoint ends bit for bit where the
 * uninterrupted run ends.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { expectResumedAsWhole, recordsWithoutTimes, resumeFlags } from '../helpers/resume.js';

const quiet = { ...process.env, MLPC_QUIET: '1' };

describe('the GPT on the TypeScript target', { timeout: 300_000 }, () => {
  it('saves each tensor once and samples text from the saved model', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mlpc-gpt-ts-'));
    const train = await runMlpc(['train', 'specs/shakespeare_char.yaml', '--target', 'typescript', '--steps', '0', '--out', out], { env: quiet });
    expect(train.status, train.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
    const weights = manifest.weightsManifest[0].weights;
    expect(weights.map((weight) => weight.name)).toContain('wte.embeddings');
    expect(weights.map((weight) => weight.name)).not.toContain('lm_head.kernel');
    expect(weights.find((weight) => weight.name === 'h.0.attn.qkv.kernel')?.shape).toEqual([128, 384]);
    // mlpc inspect's count: 804,096 parameters
    expect(weights.reduce((sum, weight) => sum + weight.shape.reduce((a, b) => a * b, 1), 0)).toBe(804_096);
    const sample = () =>
      runProcess(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'generated/shakespeare_char.ts', '--init-from', out, '--sample', '20', '--prompt', 'To be', '--top-k', '5'], { env: quiet });
    const [first, second] = [await sample(), await sample()];
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout.startsWith('To be')).toBe(true);
    expect(first.stdout.replace(/\n$/, '')).toHaveLength(25);
  });

  it('a run resumed from a mid-run checkpoint ends bit for bit as the uninterrupted run (attention dropout on)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpc-gpt-ts-ckpt-'));
    const build = await runMlpc(['build', 'test/pytorch/fixtures/tiny_gpt.yaml', '--out', join(root, 'generated'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const script = join(root, 'generated', 'tiny_gpt.ts');
    // Checkpoints after steps 0, 7, 14 and 21: the last one 2 steps before the end.
    const run = (args: string[], env: NodeJS.ProcessEnv = quiet) => runProcess(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), script, '--backend', 'wasm', ...args], { env });
    const { whole, resumed } = await expectResumedAsWhole('tiny_gpt', root, run);
    expect(recordsWithoutTimes(whole).map((record) => record.step)).toEqual([0, 4, 8, 12, 16, 20, 24]);
    // Another seed is another run: refused, naming what differs.
    const other = await run([...resumeFlags, '--out', resumed, '--resume', '--seed', '9']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/is the checkpoint of another run \(seed \d+ there, 9 here\)/);
  });
});
