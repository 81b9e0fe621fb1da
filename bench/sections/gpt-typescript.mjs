/**
 * Part `gpt` (TypeScript): specs/shakespeare_char.yaml trained by the TypeScript target (tfjs, wasm,
 * one thread) through `mlpc train`: the median ms per step of the last window before an evaluation
 * point (evaluation excluded) and the val loss there, from the run's metrics.jsonl.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runProcess } from '../lib/child.mjs';

export async function measureGptTypescript({ quick, log }) {
  const steps = quick ? 40 : 300;
  const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-bench-gpt-ts-'));
  const loadAverageStart = os.loadavg();
  log(`  mlpc train specs/shakespeare_char.yaml --target typescript, ${steps} steps`);
  try {
    const args = ['bin/mlpc.js', 'train', 'specs/shakespeare_char.yaml', '--target', 'typescript', '--backend', 'wasm', '--steps', String(steps), '--eval-every', String(steps), '--out', path.join(dir, 'run')];
    const run = await runProcess(process.execPath, args, { env: { ...process.env, MLPC_QUIET: '1' }, cwd: repoRoot, timeoutMs: 3_600_000 });
    if (run.code !== 0) return { status: 'error', error: run.stderr.trim().split('\n').at(-1) };
    const records = readFileSync(path.join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const last = records.at(-1);
    return { status: 'ok', steps, msPerStep: last.step_ms, valLoss: last.val_loss, loadAverageStart, loadAverage: os.loadavg() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatGptTypescript(section) {
  if (!section || section.status !== 'ok') return `GPT, TypeScript target: ${section?.reason ?? section?.error ?? 'not measured'}`;
  const loads = (values) => values.map((v) => v.toFixed(2)).join(' ');
  return (
    `GPT, TypeScript target (tfjs wasm, specs/shakespeare_char.yaml): ${section.msPerStep.toFixed(1)} ms/step (median of ${section.steps} steps), ` +
    `val loss ${section.valLoss.toFixed(4)} at step ${section.steps}; load average ${loads(section.loadAverageStart)} at the start, ${loads(section.loadAverage)} at the end`
  );
}
