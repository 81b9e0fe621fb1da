/**
 * Part `lstm` (issue #21, item 6): the 2-layer character LSTM of specs/shakespeare_lstm.yaml.
 *
 * - PyTorch step, generated against hand-written, in this one run: generated/shakespeare_lstm.py (its
 *   step_ms / step_cpu_ms in metrics.jsonl; mlpc.LSTM on torch's fused `_VF.lstm`) and bench/torch_lstm.py
 *   (nn.Embedding + nn.LSTM(num_layers=2) + nn.Linear by hand, torch.optim.Adam, the same batch 32,
 *   block 64, learning rate and clipping), in alternating rounds (lib/torch-pair.mjs: the paired and
 *   the pooled ratio, 1 thread, MALLOC_MMAP_THRESHOLD_=1000000000). Goal: ≤ 1.05.
 * - TypeScript step: `mlpc train specs/shakespeare_lstm.yaml --target typescript --backend wasm`, a short
 *   run; the step_ms of its last record (median of the steps since the previous evaluation).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, repoRoot, runProcess } from '../lib/child.mjs';
import { alternatingRounds, formatRounds, readRecords } from '../lib/torch-pair.mjs';

const reference = path.join(benchDir, 'torch_lstm.py');
const generated = path.join(repoRoot, 'generated/shakespeare_lstm.py');

async function measureTypescript({ quick, log }) {
  const steps = quick ? 20 : 60;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlpc-bench-lstm-ts-'));
  const loadAverageStart = os.loadavg();
  log(`  mlpc train specs/shakespeare_lstm.yaml --target typescript, ${steps} steps`);
  try {
    const args = ['bin/mlpc.js', 'train', 'specs/shakespeare_lstm.yaml', '--target', 'typescript', '--backend', 'wasm', '--steps', String(steps), '--eval-every', String(steps), '--out', path.join(dir, 'run')];
    const run = await runProcess(process.execPath, args, { env: { ...process.env, MLPC_QUIET: '1' }, cwd: repoRoot, timeoutMs: 3_600_000 });
    if (run.code !== 0) return { status: 'error', error: run.stderr.trim().split('\n').at(-1) };
    const last = readRecords(path.join(dir, 'run', 'metrics.jsonl')).at(-1);
    return { status: 'ok', steps, msPerStep: last.step_ms, loadAverageStart, loadAverage: os.loadavg() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureLstm({ torch, quick, log }) {
  const loadAverageStart = os.loadavg();
  const pytorch = torch
    ? { status: 'ok', ...(await alternatingRounds({ python: torch.python, generated, reference, rounds: quick ? 2 : 3, steps: quick ? 120 : 300, warmup: quick ? 20 : 50, log })) }
    : { status: 'skipped', reason: 'no Python that imports torch' };
  const typescript = await measureTypescript({ quick, log });
  return { status: 'ok', pytorch, typescript, loadAverageStart, loadAverage: os.loadavg() };
}

export function formatLstm(section) {
  if (!section || section.status !== 'ok') return `LSTM: ${section?.reason ?? section?.error ?? 'not measured'}`;
  const loads = (values) => values.map((v) => v.toFixed(2)).join(' ');
  const lines = [];
  const t = section.pytorch;
  if (t.status === 'ok') {
    lines.push(formatRounds('LSTM step, generated/shakespeare_lstm.py against bench/torch_lstm.py', t));
  } else {
    lines.push(`LSTM, PyTorch target: ${t.reason ?? t.error}`);
  }
  const ts = section.typescript;
  lines.push(
    ts.status === 'ok'
      ? `LSTM, TypeScript target (tfjs wasm, specs/shakespeare_lstm.yaml): ${ts.msPerStep.toFixed(1)} ms/step (median of steps 1–${ts.steps})`
      : `LSTM, TypeScript target: ${ts.error}`,
    `load average ${loads(section.loadAverageStart)} at the start, ${loads(section.loadAverage)} at the end`,
  );
  return lines.join('\n');
}
