/**
 * The PyTorch target on a spec-v2 graph model (test/pytorch/fixtures/tiny_gpt.yaml, a 2-block GPT):
 * the printed module's forward against torch.nn reference modules (gpt_probe.py), decay groups,
 * attention dropout off in eval, the schedule, seeded sampling, training, saving, torchrun 2 = 1.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { black, readMetrics, runPython, torch } from './helpers.js';
import { freePort } from '../../src/targets/pytorch/python.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

async function build(spec: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'mlpc-gpt-'));
  const result = await runMlpc(['build', spec, '--target', 'pytorch', '--out', root, '--no-lint']);
  expect(result.status, result.stderr).toBe(0);
  return root;
}

interface Findings {
  max_logit_difference: number;
  eval_deterministic: boolean;
  train_differs: boolean;
  decayed_all_2d: boolean;
  excluded_all_1d: boolean;
  grouped_once: boolean;
  tied: boolean;
  lr: number[];
  samples: string[];
}

torch.describe('a 2-block GPT on the PyTorch target', () => {
  it('computes the reference network, groups decay by rank, samples by seed', { timeout: 120_000 }, async () => {
    const root = await build('test/pytorch/fixtures/tiny_gpt.yaml');
    const probe = await runPython(['test/pytorch/gpt_probe.py', root, 'tiny_gpt']);
    expect(probe.status, probe.stderr).toBe(0);
    const findings = JSON.parse(probe.stdout) as Findings;
    expect(findings.max_logit_difference).toBeLessThan(1e-5);
    expect(findings.eval_deterministic).toBe(true);
    // attention_dropout 0.5 acts while training only
    expect(findings.train_differs).toBe(true);
    expect([findings.decayed_all_2d, findings.excluded_all_1d, findings.grouped_once, findings.tied]).toEqual([true, true, true, true]);
    // nanoGPT's get_lr with warmup 2, decay 10, 1e-2 → 1e-3
    const expected = [1e-2 / 3, 2e-2 / 3, 1e-2, 1e-3 + 0.5 * 9e-3, 1e-3, 1e-3];
    findings.lr.forEach((rate, index) => expect(rate).toBeCloseTo(expected[index], 12));
    expect(findings.samples[0]).toBe(findings.samples[1]);
    expect(findings.samples[0]).not.toBe(findings.samples[2]);
    expect(findings.samples[0]).toHaveLength(41);
  });

  it('trains (loss falls over 3 steps), saves the tied tensor once, samples from the saved model', { timeout: 180_000 }, async () => {
    const root = await build('test/pytorch/fixtures/tiny_gpt.yaml');
    const out = mkdtempSync(join(tmpdir(), 'mlpc-gpt-run-'));
    const run = await runPython([join(root, 'tiny_gpt.py'), '--out', out, '--steps', '3'], { MLPC_QUIET: '1' });
    expect(run.status, run.stderr).toBe(0);
    const records = readMetrics(out) as unknown as { step: number; val_loss: number; train_loss: number; data_loss?: number }[];
    expect(records.map((record) => record.step)).toEqual([0, 1, 2, 3]);
    const losses = records.map((record) => record.train_loss);
    expect(losses[3]).toBeLessThan(losses[0]);
    expect(records[0].data_loss).toBeUndefined();
    // 65·32 (wte, also lm_head) + 16·32 (wpe) + per block 4·32 + 32·96 + 96 + 32·32 + 32 + 32·128 + 128 + 128·32 + 32, + 2·32 (ln_f)
    const perBlock = 4 * 32 + 32 * 96 + 96 + 32 * 32 + 32 + 32 * 128 + 128 + 128 * 32 + 32;
    expect(savedWeightsBytes(out).length).toBe(4 * (65 * 32 + 16 * 32 + 2 * perBlock + 2 * 32));
    const manifest = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
    const names = manifest.weightsManifest[0].weights.map((weight) => weight.name);
    expect(names).toContain('wte.embeddings');
    expect(names).not.toContain('lm_head.kernel');
    expect(existsSync(join(out, 'model.pt'))).toBe(true);
    const sample = () => runPython([join(root, 'tiny_gpt.py'), '--init-from', out, '--sample', '30', '--prompt', 'To be', '--top-k', '5']);
    const [first, second] = [await sample(), await sample()];
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout.startsWith('To be')).toBe(true);
    expect(first.stdout.replace(/\n$/, '')).toHaveLength(35);
  });

  it('under torchrun with 2 processes equals 1 process at the same global batch', { timeout: 300_000 }, async () => {
    const root = await build('test/pytorch/fixtures/tiny_gpt_ddp.yaml');
    const script = join(root, 'tiny_gpt_ddp.py');
    const one = mkdtempSync(join(tmpdir(), 'mlpc-gpt-1-'));
    const two = mkdtempSync(join(tmpdir(), 'mlpc-gpt-2-'));
    const single = await runPython([script, '--out', one, '--steps', '4'], { MLPC_QUIET: '1' });
    expect(single.status, single.stderr).toBe(0);
    const port = await freePort();
    const ddp = await runPython(
      ['-m', 'torch.distributed.run', '--nnodes=1', '--nproc_per_node=2', '--redirects=1', '--tee=2', '--master_addr=127.0.0.1', `--master_port=${port}`, script, '--out', two, '--steps', '4'],
      { MLPC_QUIET: '1' },
    );
    expect(ddp.status, ddp.stderr).toBe(0);
    const losses = (dir: string) => readMetrics(dir).map((record) => [record.val_loss ?? NaN, (record as { data_loss?: number }).data_loss ?? 0]);
    const [a, b] = [losses(one), losses(two)];
    expect(b).toHaveLength(a.length);
    a.forEach((pair, index) => pair.forEach((value, k) => expect(Math.abs(value - (b[index]?.[k] ?? NaN))).toBeLessThan(1e-5)));
  });
});

black.describe('generated GPT code', () => {
  it('is black-clean', async () => {
    const root = await build('test/pytorch/fixtures/tiny_gpt.yaml');
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('black', ['--check', '-q', join(root, 'tiny_gpt.py'), 'generated/shakespeare_char.py']);
    expect(result.status, String(result.stderr)).toBe(0);
  });
});
