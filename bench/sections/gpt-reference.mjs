/**
 * Part `gpt`: the anchor of spec v2, nanoGPT's baby GPT on tiny Shakespeare, written by hand in plain
 * PyTorch (bench/torch_gpt.py): its ms per step (wall and CPU, medians after a warm-up, evaluation
 * excluded) and its val loss (mean of 20 fixed validation batches) along a 2,000-step run. It is
 * the reference the generated PyTorch script of specs/shakespeare_char.yaml is timed against.
 * One thread (OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = 1), as the PyTorch part's 1-thread rows.
 */
import os from 'node:os';
import path from 'node:path';
import { benchDir, runProcess } from '../lib/child.mjs';
import { formatTable } from '../lib/report.mjs';

const script = path.join(benchDir, 'torch_gpt.py');

function torchEnv() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export async function measureGptReference({ torch, quick, log }) {
  if (!torch) return { status: 'skipped', reason: 'no Python that imports torch' };
  const steps = quick ? 200 : 2000;
  const evalAt = quick ? [100] : [250, 500, 1000, 1500];
  const loadAverageStart = os.loadavg();
  log(`  bench/torch_gpt.py, ${steps} steps`);
  const run = await runProcess(torch.python, [script, '--steps', String(steps), '--eval-at', evalAt.join(',')], {
    env: torchEnv(),
    replaceEnv: true,
    timeoutMs: 3_600_000,
  });
  if (!run.result) return { status: 'error', error: run.stderr.trim().split('\n').at(-1) };
  return { status: 'ok', steps, ...run.result, loadAverageStart, loadAverage: os.loadavg() };
}

export function formatGptReference(section) {
  if (!section || section.status !== 'ok') return `GPT reference: ${section?.reason ?? section?.error ?? 'not measured'}`;
  const loads = (values) => values.map((v) => v.toFixed(2)).join(' ');
  const table = formatTable(
    ['step', 'val loss (mean of 20 fixed validation batches)'],
    section.evals.map((entry) => [String(entry.step), entry.val_loss.toFixed(4)]),
  );
  return [
    `GPT reference (nanoGPT's baby GPT by hand, ${section.parametersWithoutWpe.toLocaleString('en-US')} parameters without wpe): ` +
      `${section.ms.median.toFixed(1)} ms/step wall, ${section.cpuMs.median.toFixed(1)} ms/step CPU (medians of ${section.ms.n} steps), ` +
      `${section.threads} thread; load average ${loads(section.loadAverageStart)} at the start, ${loads(section.loadAverage)} at the end`,
    table,
  ].join('\n');
}
