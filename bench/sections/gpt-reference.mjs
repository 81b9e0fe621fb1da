/**
 * Part `gpt`: the anchor of spec v2, nanoGPT's baby GPT on tiny Shakespeare. Two measurements:
 *
 * - Step time, generated against hand-written, in this one run: the generated PyTorch script of
 *   specs/shakespeare_char.yaml (generated/shakespeare_char.py, its own step_ms / step_cpu_ms in
 *   metrics.jsonl) and bench/torch_gpt.py (the same network by hand), in alternating rounds
 *   (lib/torch-pair.mjs: the paired and the pooled ratio; the pooled one was 1.13 on 5 Dec with
 *   per-round ratios 0.95, 0.99, 1.27, 1.00, the third round after a 48 → 61 ms shift of both
 *   sides). Goal: ≤ 1.05, read on the paired ratio.
 * - The reference's val loss (mean of 20 fixed validation batches) along a 2,000-step run.
 */
import os from 'node:os';
import path from 'node:path';
import { benchDir, repoRoot, runProcess } from '../lib/child.mjs';
import { formatTable } from '../lib/report.mjs';
import { alternatingRounds, formatRounds, torchEnv } from '../lib/torch-pair.mjs';

const reference = path.join(benchDir, 'torch_gpt.py');
const generated = path.join(repoRoot, 'generated/shakespeare_char.py');

export async function measureGptReference({ torch, quick, log }) {
  if (!torch) return { status: 'skipped', reason: 'no Python that imports torch' };
  const loadAverageStart = os.loadavg();
  const timing = await alternatingRounds({
    python: torch.python,
    generated,
    reference,
    referenceArgs: ['--eval-batches', '1'],
    rounds: quick ? 2 : 6,
    steps: quick ? 120 : 300,
    warmup: quick ? 20 : 50,
    log,
  });
  const steps = quick ? 200 : 2000;
  const evalAt = quick ? [100] : [250, 500, 1000, 1500];
  log(`  bench/torch_gpt.py, ${steps} steps (val loss)`);
  const run = await runProcess(torch.python, [reference, '--steps', String(steps), '--eval-at', evalAt.join(',')], {
    env: torchEnv(),
    replaceEnv: true,
    timeoutMs: 3_600_000,
  });
  if (!run.result) return { status: 'error', error: run.stderr.trim().split('\n').at(-1), timing };
  return { status: 'ok', steps, ...run.result, timing, loadAverageStart, loadAverage: os.loadavg() };
}

export function formatGptReference(section) {
  if (!section || section.status !== 'ok') return `GPT reference: ${section?.reason ?? section?.error ?? 'not measured'}`;
  const loads = (values) => values.map((v) => v.toFixed(2)).join(' ');
  const t = section.timing;
  const lossTable = formatTable(
    ['step', 'val loss (mean of 20 fixed validation batches)'],
    section.evals.map((entry) => [String(entry.step), entry.val_loss.toFixed(4)]),
  );
  return [
    formatRounds('GPT step, generated/shakespeare_char.py against bench/torch_gpt.py', t),
    `GPT reference (nanoGPT's baby GPT by hand, ${section.parametersWithoutWpe.toLocaleString('en-US')} parameters without wpe), ${section.steps} steps: ` +
      `${section.ms.median.toFixed(1)} ms/step wall, ${section.cpuMs.median.toFixed(1)} ms/step CPU; ` +
      `load average ${loads(section.loadAverageStart)} at the start, ${loads(section.loadAverage)} at the end`,
    lossTable,
  ].join('\n');
}
