/** Order statistics of timing samples; medians because a shared machine gives long upper tails. */

export function quantile(samples, q) {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function median(samples) {
  return quantile(samples, 0.5);
}

/** { median, p25, p75, min, n } of a list of milliseconds. */
export function summarize(samples) {
  return {
    median: median(samples),
    p25: quantile(samples, 0.25),
    p75: quantile(samples, 0.75),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    n: samples.length,
  };
}

/** CPU time of this process so far, ms (user + system, all its threads). */
export function cpuNowMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Times `step` `warmup + repeats` times; keeps the last `repeats` wall-clock durations and CPU
 * times (ms). On a shared machine the CPU time of a single-threaded step is the steadier figure:
 * it does not count the time the process waits for a core.
 */
export async function timeSteps(step, { warmup, repeats }) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < warmup + repeats; i++) {
    const start = performance.now();
    const cpuStart = cpuNowMs();
    await step(i);
    const elapsed = performance.now() - start;
    if (i >= warmup) {
      wall.push(elapsed);
      cpu.push(cpuNowMs() - cpuStart);
    }
  }
  return { wall, cpu };
}
