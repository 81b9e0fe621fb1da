/**
 * `--workers`: the seed spec trained by its generated script (`mlpc train --workers N`) on 1 and on
 * 2 worker threads (dense layers split by output units). Per run: the median step_ms of the logged
 * records after step 0 (step 0 includes start-up), the run's wall time, and the training process's
 * CPU time (both threads; from the usage preload), start-up, evaluation and saving included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, runProcess } from '../lib/child.mjs';
import { median } from '../lib/stats.mjs';

const preload = fileURLToPath(new URL('../lib/usage-preload.mjs', import.meta.url));

async function trainSeed(workers, steps, evalEvery) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-bench-workers-'));
  const out = path.join(dir, 'run');
  const usageFile = path.join(dir, 'usage.jsonl');
  const args = ['bin/mlpc.js', 'train', 'specs/seed.yaml', '--backend', 'wasm', '--steps', String(steps), '--eval-every', String(evalEvery), '--workers', String(workers), '--out', out];
  try {
    const run = await runProcess(process.execPath, args, {
      env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(), MLPC_BENCH_USAGE_FILE: usageFile, MLPC_QUIET: '1' },
      timeoutMs: 900_000,
    });
    if (run.code !== 0) throw new Error(`mlpc train --workers ${workers} exited ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const records = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const usage = readFileSync(usageFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const script = usage.filter((u) => u.tfjsLoaded).sort((a, b) => b.userMs + b.systemMs - (a.userMs + a.systemMs))[0];
    return {
      workers,
      command: `mlpc ${args.slice(1, -2).join(' ')}`,
      stepMs: median(records.filter((r) => r.step > 0 && r.step_ms !== undefined).map((r) => r.step_ms)),
      wallMs: run.wallMs,
      cpuMs: script ? script.userMs + script.systemMs : undefined,
      testAccuracy: records.at(-1).test_accuracy,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureWorkers({ steps, evalEvery, log }) {
  const runs = [];
  for (const workers of [1, 2]) {
    log(`  mlpc train specs/seed.yaml --steps ${steps} --workers ${workers}`);
    runs.push(await trainSeed(workers, steps, evalEvery));
  }
  return { steps, runs, stepSpeedup: runs[0].stepMs / runs[1].stepMs, wallSpeedup: runs[0].wallMs / runs[1].wallMs };
}
