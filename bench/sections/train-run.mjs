/**
 * A full `mlpc train` run of the seed spec, as a user runs it: wall time, peak RSS (every Node
 * process of the run reports its own maxRSS through the usage preload, reached via NODE_OPTIONS;
 * the largest is the training process), tensor counts at each logged step (MLPC_REPORT_TENSORS=1)
 * for the leak check, and the evaluation throughput.
 * Evaluation throughput: the script prints a progress line per record on a non-terminal stderr
 * and evaluates the validation split (no dropout, batches of 500) at every record. A second, short
 * run with --eval-every 1 therefore spends, between two consecutive lines, one training step
 * (its record's step_ms) plus one evaluation of `validation` examples: the difference, median over
 * the run, is the evaluation time. In the full run, the gap between the last training line and the
 * test record is one evaluation of the test split: a single sample, reported beside it.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, runProcess } from '../lib/child.mjs';
import { loadIr } from '../lib/load-ir.mjs';
import { evaluationFlops } from '../lib/flops.mjs';
import { median } from '../lib/stats.mjs';

const preload = fileURLToPath(new URL('../lib/usage-preload.mjs', import.meta.url));

function readJsonLines(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** numTensors at the first and last logged training step (same point of the loop), and the difference. */
function tensorGrowth(tensorsAt) {
  const steps = Object.keys(tensorsAt).map(Number).sort((a, b) => a - b);
  if (steps.length < 2) return undefined;
  const [from, to] = [steps[0], steps.at(-1)];
  return { fromStep: from, toStep: to, before: tensorsAt[from], after: tensorsAt[to], growth: tensorsAt[to] - tensorsAt[from] };
}

async function runTrain(spec, flags, env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-bench-train-'));
  const out = path.join(dir, 'run');
  const usageFile = path.join(dir, 'usage.jsonl');
  const lines = [];
  const args = ['bin/mlpc.js', 'train', path.relative(repoRoot, spec), '--backend', 'wasm', '--out', out, ...flags];
  try {
    const run = await runProcess(process.execPath, args, {
      env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(), MLPC_BENCH_USAGE_FILE: usageFile, ...env },
      onStderrLine: (line, at) => lines.push({ line, at }),
      timeoutMs: 900_000,
    });
    const records = readJsonLines(path.join(out, 'metrics.jsonl'));
    if (run.code !== 0 || records.length === 0) {
      throw new Error(`mlpc train exited ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    const stepLines = lines.filter((l) => /^step \d+/.test(l.line) && l.line.includes('total_loss'));
    return { command: `mlpc ${args.slice(1).join(' ').replace(out, '<tmp>')}`, run, records, usage: readJsonLines(usageFile), stepLines, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median ms of one validation evaluation, from a short run that evaluates at every step. */
export async function measureEvaluation({ spec, steps, log }) {
  const ir = await loadIr(spec);
  log(`  evaluation: mlpc train ${path.relative(repoRoot, spec)} --steps ${steps} --eval-every 1`);
  const { records, stepLines } = await runTrain(spec, ['--steps', String(steps), '--eval-every', '1']);
  const byStep = new Map(records.filter((r) => r.step_ms !== undefined).map((r) => [r.step, r.step_ms]));
  const evalMs = [];
  for (let i = 2; i < stepLines.length; i++) {
    const step = Number(/^step (\d+)/.exec(stepLines[i].line)[1]);
    if (byStep.has(step)) evalMs.push(stepLines[i].at - stepLines[i - 1].at - byStep.get(step));
  }
  const ms = median(evalMs);
  return {
    examples: ir.data.validation, samples: evalMs.length, ms,
    examplesPerSec: ir.data.validation / (ms / 1000), gflops: evaluationFlops(ir.layers, ir.data.validation) / ms / 1e6,
  };
}

export async function measureTrainRun({ spec, steps, log }) {
  const ir = await loadIr(spec);
  log(`  mlpc train ${path.relative(repoRoot, spec)}${steps ? ` --steps ${steps}` : ''}`);
  const { command, run, records, usage, stepLines, lines } = await runTrain(spec, steps ? ['--steps', String(steps)] : [], { MLPC_REPORT_TENSORS: '1' });
  const testLine = lines.find((l) => l.line.includes('test_accuracy'));
  const evalMs = testLine && stepLines.length ? testLine.at - stepLines.at(-1).at : undefined;
  const withTensors = records.filter((r) => typeof r.num_tensors === 'number');
  const tensorsAt = Object.fromEntries(withTensors.map((r) => [r.step, r.num_tensors]));
  const final = records.at(-1);
  return {
    status: 'ok',
    command,
    steps: final.step,
    wallMs: run.wallMs,
    maxRssMiB: Math.max(...usage.map((u) => u.maxRssKiB)) / 1024,
    // the training script (it loads tfjs) and the mlpc CLI that emitted it (ts-morph) separately
    scriptMaxRssMiB: Math.max(0, ...usage.filter((u) => u.tfjsLoaded).map((u) => u.maxRssKiB)) / 1024,
    cliMaxRssMiB: Math.max(0, ...usage.filter((u) => !u.tfjsLoaded).map((u) => u.maxRssKiB)) / 1024,
    processes: usage.map((u) => ({ argv: u.argv, maxRssMiB: u.maxRssKiB / 1024, cpuMs: u.userMs + u.systemMs })),
    stepMsMedianOfRecords: median(records.filter((r) => r.step_ms).slice(1).map((r) => r.step_ms)),
    tensorsAt,
    tensorGrowth: tensorGrowth(tensorsAt),
    testAccuracy: final.test_accuracy,
    testEvaluation: {
      examples: ir.data.test, ms: evalMs,
      examplesPerSec: evalMs ? ir.data.test / (evalMs / 1000) : undefined,
      gflops: evalMs ? evaluationFlops(ir.layers, ir.data.test) / evalMs / 1e6 : undefined,
    },
  };
}
