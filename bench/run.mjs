/**
 * `npm run bench`: every performance target measured in one run on the wasm backend, printed as
 * tables and written to bench/results.json. Each measurement runs in its own Node child.
 *
 *   node bench/run.mjs [--only a,b] [--skip a,b] [--quick] [--no-torch] [--out FILE] [--verbose]
 *
 * Parts: peak, seed, seed_maxnorm, table9, conv_bn, breakdown, workers, train, compiler, check, lsp, pytorch, gpt, checkpoints, lstm.
 * (The two-core prototypes that chose --workers' design are experiments: bench/experiments/two-cores/.)
 * (peak is measured whenever a workload runs: the fractions need it.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchDir, repoRoot, runBenchChild } from './lib/child.mjs';
import { checkTargets, formatReport } from './lib/report.mjs';
import { findTorchPython } from './lib/torch.mjs';
import { workloads } from './workloads.mjs';
import { measureWorkload } from './sections/training.mjs';
import { measureWorkers } from './sections/workers.mjs';
import { measureEvaluation, measureTrainRun } from './sections/train-run.mjs';
import { measureCheck, measureCompiler } from './sections/compiler.mjs';
import { measureLsp } from './sections/lsp.mjs';
import { formatPytorchTarget, measurePytorchTarget } from './sections/pytorch-target.mjs';
import { formatGptReference, measureGptReference } from './sections/gpt-reference.mjs';
import { formatGptTypescript, measureGptTypescript } from './sections/gpt-typescript.mjs';
import { formatCheckpoints, measureCheckpoints } from './sections/checkpoints.mjs';
import { formatLstm, measureLstm } from './sections/lstm.mjs';

const usage = 'usage: node bench/run.mjs [--only a,b] [--skip a,b] [--quick] [--no-torch] [--out FILE] [--verbose]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      only: { type: 'string' },
      skip: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-torch': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(benchDir, 'results.json') },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n${usage}\n`);
  process.exit(2);
}
// --verbose: every child's output is copied to stderr as it runs (read by lib/child.mjs)
if (values.verbose) process.env.MLPC_BENCH_VERBOSE = '1';
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const parts = ['peak', ...workloads.map((w) => w.name), 'breakdown', 'workers', 'train', 'compiler', 'check', 'lsp', 'pytorch', 'gpt', 'checkpoints', 'lstm'];
const list = (s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
const only = list(values.only);
const skip = list(values.skip);
for (const name of [...only, ...skip]) {
  if (!parts.includes(name)) {
    process.stderr.write(`bench: unknown part "${name}"; parts: ${parts.join(', ')}\n`);
    process.exit(2);
  }
}
const wanted = (name) => (only.length === 0 || only.includes(name)) && !skip.includes(name);
const divisor = values.quick ? 4 : 1;
const log = (message) => process.stderr.write(`${message}\n`);
const started = new Date();

const results = {
  command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  startedAt: started.toISOString(),
  quick: values.quick,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    tfjs: JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/@tensorflow/tfjs/package.json'), 'utf8')).version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageStart: os.loadavg(),
  },
};

async function section(name, run) {
  log(`${name}`);
  try {
    return await run();
  } catch (error) {
    log(`  ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return { status: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}

const chosenWorkloads = workloads.filter((w) => wanted(w.name));
if (wanted('peak') || chosenWorkloads.length > 0) {
  results.peak = await section('peak matMul', () => runBenchChild('peak-matmul.mjs', ['--repeats', values.quick ? '5' : '15']));
  Object.assign(results.machine, { simd: results.peak.simd, threads: results.peak.threads });
}
if (chosenWorkloads.length > 0) {
  const torch = values['no-torch'] ? undefined : await findTorchPython();
  results.torch = torch ?? { available: false };
  results.workloads = [];
  for (const workload of chosenWorkloads) {
    results.workloads.push(await section(`workload ${workload.name}`, () => measureWorkload(workload, { torch, divisor, log })));
  }
  // The machine is shared: the ceiling is re-measured after the workloads and the higher median
  // kept, so a busy moment at the start cannot flatter the fractions.
  const again = await section('peak matMul, again', () => runBenchChild('peak-matmul.mjs', ['--repeats', values.quick ? '5' : '15']));
  const first = results.peak ?? {};
  results.peak = {
    ...first, start: first.gflops, end: again.gflops, cpuStart: first.cpuGflops, cpuEnd: again.cpuGflops,
    gflops: Math.max(first.gflops ?? 0, again.gflops ?? 0), cpuGflops: Math.max(first.cpuGflops ?? 0, again.cpuGflops ?? 0),
  };
  for (const w of results.workloads) {
    if (w.wall && results.peak.gflops) w.wall.fractionOfPeak = w.wall.gflops / results.peak.gflops;
    if (w.cpu && results.peak.cpuGflops) w.cpu.fractionOfPeak = w.cpu.gflops / results.peak.cpuGflops;
  }
}
if (wanted('breakdown')) results.breakdown = await section('seed step breakdown', () => runBenchChild('breakdown-seed.mjs'));
if (wanted('workers')) {
  results.workers = await section('--workers 1 vs 2', () => measureWorkers({ steps: values.quick ? 201 : 1001, evalEvery: values.quick ? 50 : 250, log }));
}
if (wanted('train')) {
  const seedSpec = path.join(repoRoot, 'specs/seed.yaml');
  results.trainRun = await section('full mlpc train run', () => measureTrainRun({ spec: seedSpec, steps: values.quick ? 1001 : undefined, log }));
  results.evaluation = await section('evaluation throughput', () => measureEvaluation({ spec: seedSpec, steps: values.quick ? 11 : 31, log }));
}
if (wanted('pytorch')) {
  const torch = values['no-torch'] ? undefined : await findTorchPython();
  results.pytorchTarget = await section('PyTorch target', () => measurePytorchTarget({ torch, quick: values.quick, log }));
}
if (wanted('gpt')) {
  const torch = values['no-torch'] ? undefined : await findTorchPython();
  results.gptReference = await section('GPT reference (bench/torch_gpt.py)', () => measureGptReference({ torch, quick: values.quick, log }));
}
if (wanted('gpt')) results.gptTypescript = await section('GPT, TypeScript target', () => measureGptTypescript({ quick: values.quick, log }));
if (wanted('compiler')) results.compiler = await section('compiler', () => measureCompiler({ runs: values.quick ? 3 : 7, log }));
if (wanted('check')) results.check = await section('build --check', () => measureCheck({ runs: values.quick ? 5 : 15, log }));
if (wanted('lsp')) {
  results.lsp = await section('language server', () => measureLsp({ changes: values.quick ? 50 : 200, starts: values.quick ? 3 : 7, log }));
}
if (wanted('checkpoints')) {
  const torch = values['no-torch'] ? undefined : await findTorchPython();
  results.checkpoints = await section('checkpoints', () => measureCheckpoints({ torch, log, quick: values.quick }));
}

if (wanted('lstm')) {
  const torch = values['no-torch'] ? undefined : await findTorchPython();
  results.lstm = await section('LSTM (bench/torch_lstm.py, TypeScript target)', () => measureLstm({ torch, quick: values.quick, log }));
}

results.machine.loadAverageEnd = os.loadavg();
results.finishedAt = new Date().toISOString();
results.targets = checkTargets(results);
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
const pytorchReport = results.pytorchTarget ? `\n\n${formatPytorchTarget(results.pytorchTarget)}` : '';
process.stdout.write(`${formatReport(results)}${pytorchReport}\n\nwritten ${path.relative(process.cwd(), values.out)} in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s\n`);
if (results.gptReference) process.stdout.write(`\n${formatGptReference(results.gptReference)}\n`);
if (results.gptTypescript) process.stdout.write(`\n${formatGptTypescript(results.gptTypescript)}\n`);
if (results.checkpoints) process.stdout.write(`\n${formatCheckpoints(results.checkpoints)}\n`);
if (results.lstm) process.stdout.write(`\n${formatLstm(results.lstm)}\n`);
