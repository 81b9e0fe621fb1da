/**
 * Part `lstm` (issue #21, item 6): the 2-layer character LSTM of specs/shakespeare_lstm.yaml.
 *
 * - PyTorch step, generated against hand-written, in this one run: generated/shakespeare_lstm.py (its
 *   step_ms / step_cpu_ms in metrics.jsonl; mlpc.LSTM on torch's fused `_VF.lstm`) and bench/torch_lstm.py
 *   (nn.Embedding + nn.LSTM(num_layers=2) + nn.Linear by hand, torch.optim.Adam, the same batch 32,
 *   block 64, learning rate and clipping), each a fresh process of `steps` steps, alternating which
 *   side goes first over `rounds` rounds. Both drop their first `warmup` steps and exclude evaluation.
 *   The ratio is the median of the generated side's per-run medians over the reference's. Goal: ≤ 1.05.
 *   Process conditions as the `gpt` part (torchEnv: 1 thread, MALLOC_MMAP_THRESHOLD_=1000000000).
 * - TypeScript step: `mlpc train specs/shakespeare_lstm.yaml --target typescript --backend wasm`, a short
 *   run; the step_ms of its last record (median of the steps since the previous evaluation).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, repoRoot, runProcess } from '../lib/child.mjs';
import { formatTable } from '../lib/report.mjs';
import { median, torchEnv } from './gpt-reference.mjs';

const reference = path.join(benchDir, 'torch_lstm.py');
const generated = path.join(repoRoot, 'generated/shakespeare_lstm.py');

function readRecords(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

async function referenceStep(python, { steps, warmup }) {
  const run = await runProcess(python, [reference, '--steps', String(steps), '--timing-warmup', String(warmup)], {
    env: torchEnv(),
    replaceEnv: true,
    timeoutMs: 1_800_000,
  });
  if (!run.result) throw new Error(`bench/torch_lstm.py: ${run.stderr.trim().split('\n').at(-1)}`);
  return { ms: run.result.ms.median, cpuMs: run.result.cpuMs.median };
}

/** The script's step_ms records each hold the median of the steps since the previous one: the first (warm-up) is dropped. */
async function generatedStep(python, { steps, warmup }) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'mlpc-bench-lstm-'));
  try {
    const run = await runProcess(python, [generated, '--steps', String(steps), '--eval-every', String(warmup), '--out', out], {
      env: torchEnv(),
      replaceEnv: true,
      timeoutMs: 1_800_000,
    });
    if (run.code !== 0) throw new Error(`generated/shakespeare_lstm.py: ${run.stderr.trim().split('\n').at(-1)}`);
    const records = readRecords(path.join(out, 'metrics.jsonl'))
      .filter((record) => record.step_ms !== undefined)
      .slice(1);
    return { ms: median(records.map((r) => r.step_ms)), cpuMs: median(records.map((r) => r.step_cpu_ms)) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function measurePytorch({ python, quick, log }) {
  const rounds = quick ? 2 : 3;
  const steps = quick ? 120 : 300;
  const warmup = quick ? 20 : 50;
  const runs = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? ['reference', 'generated'] : ['generated', 'reference'];
    for (const side of order) {
      const loadAverage = os.loadavg()[0];
      log(`  round ${round + 1}/${rounds}: ${side}, ${steps} steps`);
      const step = side === 'reference' ? await referenceStep(python, { steps, warmup }) : await generatedStep(python, { steps, warmup });
      runs.push({ round: round + 1, side, ...step, loadAverage });
    }
  }
  const side = (name) => runs.filter((r) => r.side === name);
  const summary = (name) => ({ ms: median(side(name).map((r) => r.ms)), cpuMs: median(side(name).map((r) => r.cpuMs)) });
  const ref = summary('reference');
  const gen = summary('generated');
  return { status: 'ok', steps, warmup, rounds, runs, reference: ref, generated: gen, ratio: gen.ms / ref.ms, cpuRatio: gen.cpuMs / ref.cpuMs };
}

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
  const pytorch = torch ? await measurePytorch({ python: torch.python, quick, log }) : { status: 'skipped', reason: 'no Python that imports torch' };
  const typescript = await measureTypescript({ quick, log });
  return { status: 'ok', pytorch, typescript, loadAverageStart, loadAverage: os.loadavg() };
}

export function formatLstm(section) {
  if (!section || section.status !== 'ok') return `LSTM: ${section?.reason ?? section?.error ?? 'not measured'}`;
  const loads = (values) => values.map((v) => v.toFixed(2)).join(' ');
  const lines = [];
  const t = section.pytorch;
  if (t.status === 'ok') {
    lines.push(
      `LSTM step, generated/shakespeare_lstm.py against bench/torch_lstm.py (${t.rounds} alternating rounds of ${t.steps} steps, first ${t.warmup} dropped, 1 thread, MALLOC_MMAP_THRESHOLD_=1000000000):`,
      `  generated ${t.generated.ms.toFixed(1)} ms wall / ${t.generated.cpuMs.toFixed(1)} ms CPU, reference ${t.reference.ms.toFixed(1)} / ${t.reference.cpuMs.toFixed(1)}: ` +
        `ratio ${t.ratio.toFixed(3)} wall, ${t.cpuRatio.toFixed(3)} CPU (goal ≤ 1.05)`,
      formatTable(
        ['run', 'side', 'ms/step wall', 'ms/step CPU', 'load (1 min)'],
        t.runs.map((r) => [String(r.round), r.side, r.ms.toFixed(1), r.cpuMs.toFixed(1), r.loadAverage.toFixed(2)]),
      ),
    );
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
