/**
 * The TypeScript target's GPT (generated/shakespeare_char.ts): `mlpc train` saves the tied tensor once
 * under its owner's id; `--init-from DIR --sample N` without --steps prints N characters after the
 * prompt, the same text for the same seed.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpc, runProcess } from '../helpers/run-process.js';

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

  it('refuses --resume and --checkpoint-every (exit 2, nothing trained) rather than ignoring them', async () => {
    for (const flag of [['--resume'], ['--checkpoint-every', '5']]) {
      const out = mkdtempSync(join(tmpdir(), 'mlpc-gpt-ts-'));
      const run = await runProcess(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'generated/shakespeare_char.ts', '--steps', '1', '--out', out, ...flag], { env: quiet });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${flag[0]}: the TypeScript target does not checkpoint a language model yet`);
      expect(readdirSync(out)).toEqual([]);
    }
  });
});
