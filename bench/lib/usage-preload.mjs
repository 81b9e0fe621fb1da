/**
 * Loaded with `node --import` (or NODE_OPTIONS, to reach grandchildren) into a measured process: on
 * exit, appends the process's own process.resourceUsage() (CPU, max RSS) as one JSON line to
 * $MLPC_BENCH_USAGE_FILE. Node exposes no getrusage(RUSAGE_CHILDREN), so each process reports on
 * itself. When TensorFlow.js was loaded (its engine lives on globalThis._tfengine), the line also
 * says so and carries numTensors at exit; that is how the bench checks `mlpc lint` never loads it.
 */
import { appendFileSync } from 'node:fs';

const target = process.env.MLPC_BENCH_USAGE_FILE;
if (target) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    const engine = globalThis._tfengine;
    const record = {
      pid: process.pid, argv: process.argv.slice(1, 3), code,
      userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKiB: usage.maxRSS,
      tfjsLoaded: Boolean(engine), numTensors: engine?.state?.numTensors,
    };
    appendFileSync(target, `${JSON.stringify(record)}\n`);
  });
}
