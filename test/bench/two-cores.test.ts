import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runner = fileURLToPath(new URL('../../bench/two-cores/run-two-cores.mjs', import.meta.url));

interface TwoCoresResult {
  paramSum: number;
  weightsIdenticalAcrossWorkers: boolean;
  tensorGrowth: number;
}

function train(mode: 'data' | 'split', workers: number): TwoCoresResult {
  const stdout = execFileSync(process.execPath, [runner, '--mode', mode, '--workers', String(workers), '--steps', '3', '--warmup', '0', '--dropout', '0'], {
    encoding: 'utf8',
  });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`no result from ${mode} x${workers}: ${stdout}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as TwoCoresResult;
}

describe('the two-core prototypes train the same network as one thread', () => {
  it('reach the same weights after 3 SGD steps without dropout (data-parallel and hidden-unit split)', () => {
    const reference = train('data', 1);
    for (const [mode, workers] of [['data', 2], ['split', 1], ['split', 2]] as const) {
      const result = train(mode, workers);
      expect(Math.abs(result.paramSum - reference.paramSum) / reference.paramSum, `${mode} x${workers}`).toBeLessThan(1e-6);
      expect(result.weightsIdenticalAcrossWorkers).toBe(true);
      expect(result.tensorGrowth).toBe(0);
    }
  }, 120_000);
});
