/**
 * Part `gpt`: the anchor of spec v2, nanoGPT's baby GPT on tiny Shakespeare. Two measurements:
 *
 * - Step time, generated against hand-written, in this one run: the generated PyTorch script of
 *   specs/shakespeare_char.yaml (generated/shakespeare_char.py, its own step_ms / step_cpu_ms in
 *   metrics.jsonl) and bench/torch_gpt.py (the same network by hand), each a fresh process of
 *   `timingSteps` steps, alternating which side goes first over `rounds` rounds, so a load change
 *   on the shared machine falls on both sides. Both drop their first `warmup` steps (the script's
 *   first metrics record, the reference's --timing-warmup) and exclude evaluation. Two ratios: the
 *   paired one, the median over rounds of each round's generated / reference (a load change between
 *   rounds falls on both sides of a round: the ratio the goal is read on), and the pooled one, the
 *   median of the generated side's per-run medians over the reference's (a change in the machine's
 *   speed between rounds moves it: 1.13 on 5 Dec with per-round ratios 0.95, 0.99, 1.27, 1.00, the
 *   third round after a 48 → 61 ms shift of both sides). Goal: ≤ 1.05.
 * - The reference's val loss (mean of 20 fixed validation batches) along a 2,000-step run.
 *
 * Both sides run one thread (OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = 1) with
 * MALLOC_MMAP_THRESHOLD_=1000000000 (glibc's dynamic mmap threshold otherwise maps and unmaps
 * weight-sized buffers on some steps and not others: bench/sections/pytorch-target.mjs).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, repoRoot, runProcess } from '../lib/child.mjs';
import { formatTable } from '../lib/report.mjs';

const reference = path.join(benchDir, 'torch_gpt.py');
const generated = path.join(repoRoot, 'generated/shakespeare_char.py');

export function torchEnv() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MLPC_QUIET: '1', MLPC_REPORT_CPU: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('MALLOC_')) delete env[name];
  env.MALLOC_MMAP_THRESHOLD_ = '1000000000';
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function referenceStep(python, { steps, warmup }) {
  const run = await runProcess(python, [reference, '--steps', String(steps), '--timing-warmup', String(warmup), '--eval-batches', '1'], {
    env: torchEnv(),
    replaceEnv: true,
    timeoutMs: 1_800_000,
  });
  if (!run.result) throw new Error(`bench/torch_gpt.py: ${run.stderr.trim().split('\n').at(-1)}`);
  return { ms: run.result.ms.median, cpuMs: run.result.cpuMs.median };
}

/** The script's step_ms records each hold the median of the steps since the previous one: the first (warm-up) is dropped. */
async function generatedStep(python, { steps, warmup }) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'mlpc-bench-gpt-'));
  try {
    const run = await runProcess(python, [generated, '--steps', String(steps), '--eval-every', String(warmup), '--out', out], {
      env: torchEnv(),
      replaceEnv: true,
      timeoutMs: 1_800_000,
    });
    if (run.code !== 0) throw new Error(`generated/shakespeare_char.py: ${run.stderr.trim().split('\n').at(-1)}`);
    const records = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line))
      .filter((record) => record.step_ms !== undefined)
      .slice(1);
    return { ms: median(records.map((r) => r.step_ms)), cpuMs: median(records.map((r) => r.step_cpu_ms)) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function measureStepTimes({ python, quick, log }) {
  const rounds = quick ? 2 : 6;
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
  const ofRound = (round, name) => runs.find((r) => r.round === round && r.side === name);
  const roundRatios = Array.from({ length: rounds }, (_, index) => ofRound(index + 1, 'generated').ms / ofRound(index + 1, 'reference').ms);
  return {
    steps,
    warmup,
    rounds,
    runs,
    reference: ref,
    generated: gen,
    roundRatios,
    pairedRatio: median(roundRatios),
    ratio: gen.ms / ref.ms,
    cpuRatio: gen.cpuMs / ref.cpuMs,
  };
}

export async function measureGptReference({ torch, quick, log }) {
  if (!torch) return { status: 'skipped', reason: 'no Python that imports torch' };
  const loadAverageStart = os.loadavg();
  const timing = await measureStepTimes({ python: torch.python, quick, log });
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
  const timingTable = formatTable(
    ['run', 'side', 'ms/step wall', 'ms/step CPU', 'load (1 min)'],
    t.runs.map((r) => [String(r.round), r.side, r.ms.toFixed(1), r.cpuMs.toFixed(1), r.loadAverage.toFixed(2)]),
  );
  const lossTable = formatTable(
    ['step', 'val loss (mean of 20 fixed validation batches)'],
    section.evals.map((entry) => [String(entry.step), entry.val_loss.toFixed(4)]),
  );
  return [
    `GPT step, generated/shakespeare_char.py against bench/torch_gpt.py (${t.rounds} alternating rounds of ${t.steps} steps, first ${t.warmup} dropped, 1 thread, MALLOC_MMAP_THRESHOLD_=1000000000):`,
    `  generated ${t.generated.ms.toFixed(1)} ms wall / ${t.generated.cpuMs.toFixed(1)} ms CPU, reference ${t.reference.ms.toFixed(1)} / ${t.reference.cpuMs.toFixed(1)}: ` +
      `paired ratio ${t.pairedRatio.toFixed(3)} wall (rounds: ${t.roundRatios.map((r) => r.toFixed(3)).join(', ')}; goal ≤ 1.05); ` +
      `pooled ${t.ratio.toFixed(3)} wall, ${t.cpuRatio.toFixed(3)} CPU`,
    timingTable,
    `GPT reference (nanoGPT's baby GPT by hand, ${section.parametersWithoutWpe.toLocaleString('en-US')} parameters without wpe), ${section.steps} steps: ` +
      `${section.ms.median.toFixed(1)} ms/step wall, ${section.cpuMs.median.toFixed(1)} ms/step CPU; ` +
      `load average ${loads(section.loadAverageStart)} at the start, ${loads(section.loadAverage)} at the end`,
    lossTable,
  ].join('\n');
}
