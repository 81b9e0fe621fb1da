/**
 * Child: ms per training step of mlpc's generated training code for a spec, through the train API
 * (trainModel from dist/train/train-model.js, which emits the script and runs it on wasm).
 *
 * Wall clock: from the script's own metrics.jsonl. `step_ms` is the median ms per training step
 * since the previous record; with --eval-every larger than the run, the last record covers every
 * step after step 0 (the warm-up: wasm compilation, XNNPACK packing, first allocations).
 * CPU time: the script's process reports its own CPU time on exit (usage preload through
 * NODE_OPTIONS, which trainModel passes on). Two runs that differ only in their step count
 * (--steps-short and --steps) share start-up, data loading and evaluation, so
 * (CPU long - CPU short) / (steps - steps short) is the CPU time of one training step: the
 * figure a busy shared machine does not inflate.
 *   --spec FILE --steps N --steps-short N
 */
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { reportResult, repoRoot } from './lib/child.mjs';
import { loadIr } from './lib/load-ir.mjs';

const { values } = parseArgs({
  options: {
    spec: { type: 'string' },
    steps: { type: 'string', default: '161' },
    'steps-short': { type: 'string', default: '21' },
  },
});
const trainApi = path.join(repoRoot, 'dist/train/train-model.js');
if (!existsSync(trainApi)) throw new Error('dist/train/train-model.js is missing: run `npm run build:ts` first');
const { trainModel } = await import(pathToFileURL(trainApi).href);
const ir = await loadIr(values.spec);
const preload = fileURLToPath(new URL('./lib/usage-preload.mjs', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'mlpc-bench-'));
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim();

/** One run of `steps` steps logging only at step 0 and the last step; its records and CPU ms. */
async function run(steps, name) {
  const out = path.join(work, name);
  process.env.MLPC_BENCH_USAGE_FILE = path.join(work, `${name}.usage.jsonl`);
  const result = await trainModel(ir, { out, steps, evalEvery: steps + 1, backend: 'wasm', quiet: true });
  const usage = readFileSync(process.env.MLPC_BENCH_USAGE_FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const script = usage.find((u) => u.tfjsLoaded) ?? usage[0];
  return { records: result.records, cpuMs: script.userMs + script.systemMs, wallMs: result.wallMs };
}

try {
  const steps = Number(values.steps);
  const shortSteps = Number(values['steps-short']);
  const short = await run(shortSteps, 'short');
  const long = await run(steps, 'long');
  const last = long.records.filter((r) => typeof r.step_ms === 'number').at(-1);
  if (!last || last.step === 0) throw new Error('no step_ms record after step 0');
  const cpuPerStep = (long.cpuMs - short.cpuMs) / (steps - shortSteps);
  reportResult({
    spec: values.spec,
    batch: ir.training.batchSize,
    ms: { median: last.step_ms, n: last.step },
    cpuMs: { median: cpuPerStep, n: steps - shortSteps, method: 'difference of two runs' },
    runs: { short: { steps: shortSteps, cpuMs: short.cpuMs, wallMs: short.wallMs }, long: { steps, cpuMs: long.cpuMs, wallMs: long.wallMs } },
    final: long.records.at(-1),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
