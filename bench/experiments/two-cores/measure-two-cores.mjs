/**
 * Two cores: the seed step on 1 worker thread against 2 (bench/experiments/two-cores/): data-parallel
 * (half batch each, gradients all-reduced) and hidden-unit split (full batch each, partial
 * logits exchanged). Each variant's 1-worker run is the same code on one thread.
 */
import { fileURLToPath } from 'node:url';
import { runBenchChild } from '../../lib/child.mjs';

export async function measureTwoCores({ steps, log }) {
  const run = (mode, workers) => {
    log(`  ${mode}, ${workers} worker${workers > 1 ? 's' : ''}`);
    return runBenchChild('experiments/two-cores/run-two-cores.mjs', ['--mode', mode, '--workers', String(workers), '--steps', String(steps), '--warmup', '5']);
  };
  const single = await run('data', 1);
  const dual = await run('data', 2);
  const splitSingle = await run('split', 1);
  const split = await run('split', 2);
  // what the same work would give on two otherwise idle cores: busy CPU per step of the one
  // thread against that of the busier worker (waiting for the other worker is not counted)
  const projected = (one, two) => {
    const busiest = Math.max(...two.cpuMsPerStepByWorker);
    return one.cpuMsPerStepByWorker[0] && busiest ? one.cpuMsPerStepByWorker[0] / busiest : undefined;
  };
  return {
    single, dual, speedup: single.ms.median / dual.ms.median, projectedSpeedup: projected(single, dual),
    splitSingle, split, splitSpeedup: splitSingle.ms.median / split.ms.median, splitProjectedSpeedup: projected(splitSingle, split),
  };
}

// `node bench/experiments/two-cores/measure-two-cores.mjs [steps]`: prints the figures as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureTwoCores({ steps: Number(process.argv[2] ?? 40), log: (message) => process.stderr.write(`${message}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
