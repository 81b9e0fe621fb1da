/**
 * torch.distributed: the same generated script under torchrun with 2 processes (gloo on CPU), each
 * rank its slice of the same global batch. Without dropout it reaches the weights of one process to
 * 1e-5; with dropout (masks per rank) and with batch norm (per-rank batch statistics, rank 0's moving
 * statistics) it trains and is deterministic for a given world size.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { readMetrics, runPython, torch } from './helpers.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

/** A free port on the loopback for torchrun's static rendezvous (--standalone always takes 29400). */
function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function buildScript(spec: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'mlpc-ddp-'));
  const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', root, '--no-lint']);
  expect(build.status, build.stderr).toBe(0);
  return join(root, `${basename(spec, '.yaml')}.py`);
}

async function torchrun(script: string, args: string[]): Promise<void> {
  const port = await freePort();
  const result = await runPython([
    '-m',
    'torch.distributed.run',
    '--nnodes=1',
    '--nproc_per_node=2',
    // torch 1.13 on Python 3.11: the default --redirects/--tee 0 fail to parse (enum iteration changed).
    '--redirects=1',
    '--tee=2',
    '--master_addr=127.0.0.1',
    `--master_port=${port}`,
    script,
    ...args,
  ]);
  expect(result.status, result.stderr).toBe(0);
}

function withoutTimes(dir: string): unknown[] {
  return readMetrics(dir).map(({ step_ms: _, ...rest }) => rest);
}

torch.describe('torchrun --nproc_per_node 2', () => {
  it('reaches the weights of one process at the same global batch to 1e-5 (no dropout)', { timeout: 240_000 }, async () => {
    const script = await buildScript('test/pytorch/fixtures/xt_sgd.yaml');
    const out = mkdtempSync(join(tmpdir(), 'mlpc-ddp-runs-'));
    const flags = ['--steps', '20', '--eval-every', '1'];
    const single = await runPython([script, ...flags, '--out', join(out, 'one')]);
    expect(single.status, single.stderr).toBe(0);
    await torchrun(script, [...flags, '--out', join(out, 'two')]);
    const compared = await runPython(['test/pytorch/compare_runs.py', join(out, 'one'), join(out, 'two')]);
    expect(compared.status, compared.stderr).toBe(0);
    const result = JSON.parse(compared.stdout) as { steps: number; data_loss: number; weights: number };
    expect(result.steps).toBe(20);
    expect(result.data_loss).toBeLessThan(1e-5);
    expect(result.weights).toBeLessThan(1e-5);
  });

  it.each(['test/emit/fixtures/tiny_mlp.yaml', 'test/pytorch/fixtures/xt_bn.yaml'])(
    '%s (dropout masks per rank; batch norm statistics per rank) trains and is deterministic',
    { timeout: 240_000 },
    async (spec) => {
      const script = await buildScript(spec);
      const out = mkdtempSync(join(tmpdir(), 'mlpc-ddp-det-'));
      const flags = ['--steps', '30', '--eval-every', '10'];
      await torchrun(script, [...flags, '--out', join(out, 'a')]);
      await torchrun(script, [...flags, '--out', join(out, 'b')]);
      expect(withoutTimes(join(out, 'a'))).toEqual(withoutTimes(join(out, 'b')));
      expect(savedWeightsBytes(join(out, 'a')).equals(savedWeightsBytes(join(out, 'b')))).toBe(true);
      const records = readMetrics(join(out, 'a'));
      expect(records.every((record) => Object.values(record).every((value) => Number.isFinite(value)))).toBe(true);
      expect(records[records.length - 2].data_loss!).toBeLessThan(records[0].data_loss!);
    },
  );
});
