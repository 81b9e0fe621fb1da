/**
 * Part `checkpoints`: what the training-state checkpoint costs, on both targets, for the question's
 * network (specs/l2-dropout/question.yaml: 784-1024-10 ReLU, dropout 0.5, L2; 600 steps, a record
 * and so a checkpoint every 100 steps, the default cadence).
 *
 * Each target trains the spec once, to its end, with MLPC_REPORT_CHECKPOINTS=1: the runtime then
 * prints one `mlpc-checkpoint {json}` line per state checkpoint it writes, with the write's wall time
 * (gathering the values, serializing, writing the temporary file and renaming it; under torchrun also
 * the barrier), the file's size, and the wall time since training started (Checkpoint.restore), at
 * the end of the write. Both sides of the overhead come from those lines of one run:
 *
 *   overhead = Σ write ms / (elapsed ms at the last write − Σ write ms)
 *
 * i.e. the time the checkpoints add, as a fraction of the time the same steps and evaluations took
 * without them (goal: < 2 %). The TypeScript side runs as `mlpc train --backend wasm` does; the
 * PyTorch side is the committed generated/question.py, 1 thread.
 *
 * The GPT (specs/shakespeare_char.yaml, AdamW, a record every 250 steps) is measured the same way over
 * its first 501 steps (checkpoints after steps 0, 250 and 500), unless --quick: about 4 minutes on the
 * TypeScript side, 40 s on the PyTorch side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runProcess } from '../lib/child.mjs';
import { formatTable } from '../lib/report.mjs';
import { median } from '../lib/stats.mjs';

export const checkpointSpec = 'specs/l2-dropout/question.yaml';
export const gptSpec = 'specs/shakespeare_char.yaml';
export const gptSteps = 501;
export const overheadGoal = 0.02;
const marker = 'mlpc-checkpoint ';

/** The `mlpc-checkpoint {json}` lines of a run's stderr, in order. */
export function checkpointReports(stderr) {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith(marker))
    .map((line) => JSON.parse(line.slice(marker.length)));
}

/** One target's figures from its reports: per write ms and bytes, and the overhead on the run. */
export function summarizeCheckpoints(reports) {
  if (reports.length === 0) return { status: 'error', error: 'no mlpc-checkpoint lines (MLPC_REPORT_CHECKPOINTS=1 not honoured?)' };
  const writeMs = reports.map((report) => report.ms);
  const totalMs = writeMs.reduce((sum, ms) => sum + ms, 0);
  const elapsedMs = reports.at(-1).elapsed_ms;
  const trainingMs = elapsedMs - totalMs;
  return {
    status: 'ok',
    writes: reports.length,
    steps: reports.map((report) => report.step),
    writeMs,
    medianWriteMs: median(writeMs),
    // The first write (step 0) is also the first time the file and its folder are created.
    medianWriteMsAfterFirst: reports.length > 1 ? median(writeMs.slice(1)) : null,
    bytes: reports.at(-1).bytes,
    totalWriteMs: totalMs,
    trainingMs,
    overhead: totalMs / trainingMs,
  };
}

async function measure(name, command, args, env) {
  const out = mkdtempSync(path.join(os.tmpdir(), `mlpc-bench-checkpoints-${name}-`));
  try {
    const run = await runProcess(command, [...args, '--out', out], { env: { ...env, MLPC_QUIET: '1', MLPC_REPORT_CHECKPOINTS: '1' }, timeoutMs: 1_200_000 });
    if (run.code !== 0) return { status: 'error', error: `exit ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}` };
    return { command: [path.basename(command), ...args].join(' '), wallMs: run.wallMs, ...summarizeCheckpoints(checkpointReports(run.stderr)) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function measureCheckpoints({ torch, log, quick = false }) {
  const loadAverageStart = os.loadavg();
  const pythonEnv = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  const noTorch = { status: 'skipped', reason: 'no Python that imports torch' };
  log(`  TypeScript: mlpc train ${checkpointSpec} --backend wasm`);
  const typescript = await measure('ts', process.execPath, [path.join(repoRoot, 'bin/mlpc.js'), 'train', checkpointSpec, '--backend', 'wasm'], {});
  let pytorch = noTorch;
  if (torch) {
    log('  PyTorch: python3 generated/question.py --threads 1');
    pytorch = await measure('py', torch.python, ['generated/question.py', '--threads', '1'], pythonEnv);
  }
  let gpt = { status: 'skipped', reason: '--quick' };
  if (!quick) {
    const steps = ['--steps', String(gptSteps)];
    log(`  TypeScript: mlpc train ${gptSpec} --backend wasm --steps ${gptSteps}`);
    const gptTypescript = await measure('gpt-ts', process.execPath, [path.join(repoRoot, 'bin/mlpc.js'), 'train', gptSpec, '--backend', 'wasm', ...steps], {});
    let gptPytorch = noTorch;
    if (torch) {
      log(`  PyTorch: python3 generated/shakespeare_char.py --threads 1 --steps ${gptSteps}`);
      gptPytorch = await measure('gpt-py', torch.python, ['generated/shakespeare_char.py', '--threads', '1', ...steps], pythonEnv);
    }
    gpt = { status: 'ok', spec: gptSpec, steps: gptSteps, typescript: gptTypescript, pytorch: gptPytorch };
  }
  return { status: 'ok', spec: checkpointSpec, goal: overheadGoal, loadAverageStart, loadAverageEnd: os.loadavg(), typescript, pytorch, gpt };
}

export function formatCheckpoints(section) {
  if (!section || section.status !== 'ok') return `checkpoints: ${section?.reason ?? section?.error ?? 'not measured'}`;
  const ms = (value) => (value == null ? 'n/a' : value.toFixed(1));
  const row = (label, target) =>
    target.status === 'ok'
      ? [label, String(target.writes), ms(target.medianWriteMs), ms(target.medianWriteMsAfterFirst), target.bytes.toLocaleString('en-US'), ms(target.totalWriteMs), ms(target.trainingMs), `${(100 * target.overhead).toFixed(2)} %`]
      : [label, target.reason ?? target.error, '', '', '', '', '', ''];
  const header = ['target', 'writes', 'median ms/write', 'after the first', 'bytes', 'Σ write ms', 'training ms without', 'overhead'];
  const table = formatTable(header, [row('TypeScript (tfjs wasm)', section.typescript), row('PyTorch (1 thread)', section.pytorch)]);
  const gpt = section.gpt?.status === 'ok' ? [section.gpt.typescript, section.gpt.pytorch] : [];
  const met = [section.typescript, section.pytorch, ...gpt].filter((t) => t.status === 'ok').every((t) => t.overhead < section.goal);
  const load = (values) => values.map((v) => v.toFixed(2)).join(' ');
  const gptTable =
    section.gpt?.status === 'ok'
      ? `\n${section.gpt.spec}, its first ${section.gpt.steps} steps (a checkpoint at every record, every 250 steps):\n${formatTable(header, [row('TypeScript (tfjs wasm)', section.gpt.typescript), row('PyTorch (1 thread)', section.gpt.pytorch)])}`
      : `\nthe GPT: ${section.gpt?.reason ?? 'not measured'}`;
  return `checkpoints (${section.spec}, a checkpoint at every record, the default): overhead < ${100 * section.goal} % ${met ? 'met' : 'NOT met'}; load average ${load(section.loadAverageStart)} at the start, ${load(section.loadAverageEnd)} at the end\n${table}${gptTable}`;
}
