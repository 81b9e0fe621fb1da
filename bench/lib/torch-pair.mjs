/**
 * A generated PyTorch script timed against its hand-written reference in one bench run (the `gpt`
 * and `lstm` parts): each side a fresh process of `steps` steps, alternating which side goes first
 * over `rounds` rounds, so a load change on the shared machine falls on both sides of a round. Both
 * drop their first `warmup` steps and exclude evaluation. Two ratios: the paired one, the median over
 * rounds of each round's generated / reference (a load change between rounds falls on both sides:
 * the ratio a goal is read on), and the pooled one, the median of the generated side's per-run
 * medians over the reference's (a change in the machine's speed between rounds moves it).
 *
 * Both sides run one thread (OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = 1) with
 * MALLOC_MMAP_THRESHOLD_=1000000000 (glibc's dynamic mmap threshold otherwise maps and unmaps
 * weight-sized buffers on some steps and not others: bench/sections/pytorch-target.mjs).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from './child.mjs';
import { formatTable } from './report.mjs';
import { median } from './stats.mjs';

export function torchEnv() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MLPC_QUIET: '1', MLPC_REPORT_CPU: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('MALLOC_')) delete env[name];
  env.MALLOC_MMAP_THRESHOLD_ = '1000000000';
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export function readRecords(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** The reference's medians (its BENCH_RESULT line), over the steps after its --timing-warmup. */
async function referenceStep(python, script, extraArgs, { steps, warmup }) {
  const run = await runProcess(python, [script, '--steps', String(steps), '--timing-warmup', String(warmup), ...extraArgs], {
    env: torchEnv(),
    replaceEnv: true,
    timeoutMs: 1_800_000,
  });
  if (!run.result) throw new Error(`${path.basename(script)}: ${run.stderr.trim().split('\n').at(-1)}`);
  return { ms: run.result.ms.median, cpuMs: run.result.cpuMs.median };
}

/** The script's step_ms records each hold the median of the steps since the previous one: the first (warm-up) is dropped. */
async function generatedStep(python, script, { steps, warmup }) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'mlpc-bench-pair-'));
  try {
    const run = await runProcess(python, [script, '--steps', String(steps), '--eval-every', String(warmup), '--out', out], {
      env: torchEnv(),
      replaceEnv: true,
      timeoutMs: 1_800_000,
    });
    if (run.code !== 0) throw new Error(`${path.basename(script)}: ${run.stderr.trim().split('\n').at(-1)}`);
    const records = readRecords(path.join(out, 'metrics.jsonl'))
      .filter((record) => record.step_ms !== undefined)
      .slice(1);
    return { ms: median(records.map((r) => r.step_ms)), cpuMs: median(records.map((r) => r.step_cpu_ms)) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * `{generated, reference}`: the scripts; `referenceArgs`: more flags of the reference. Returns every
 * run and both ratios (see the header).
 */
export async function alternatingRounds({ python, generated, reference, referenceArgs = [], rounds, steps, warmup, log }) {
  const runs = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? ['reference', 'generated'] : ['generated', 'reference'];
    for (const side of order) {
      const loadAverage = os.loadavg()[0];
      log(`  round ${round + 1}/${rounds}: ${side}, ${steps} steps`);
      const step = side === 'reference' ? await referenceStep(python, reference, referenceArgs, { steps, warmup }) : await generatedStep(python, generated, { steps, warmup });
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

/** The headline and the per-run table of alternatingRounds' result. */
export function formatRounds(title, t) {
  return [
    `${title} (${t.rounds} alternating rounds of ${t.steps} steps, first ${t.warmup} dropped, 1 thread, MALLOC_MMAP_THRESHOLD_=1000000000):`,
    `  generated ${t.generated.ms.toFixed(1)} ms wall / ${t.generated.cpuMs.toFixed(1)} ms CPU, reference ${t.reference.ms.toFixed(1)} / ${t.reference.cpuMs.toFixed(1)}: ` +
      `paired ratio ${t.pairedRatio.toFixed(3)} wall (rounds: ${t.roundRatios.map((r) => r.toFixed(3)).join(', ')}; goal ≤ 1.05); ` +
      `pooled ${t.ratio.toFixed(3)} wall, ${t.cpuRatio.toFixed(3)} CPU`,
    formatTable(
      ['run', 'side', 'ms/step wall', 'ms/step CPU', 'load (1 min)'],
      t.runs.map((r) => [String(r.round), r.side, r.ms.toFixed(1), r.cpuMs.toFixed(1), r.loadAverage.toFixed(2)]),
    ),
  ].join('\n');
}
