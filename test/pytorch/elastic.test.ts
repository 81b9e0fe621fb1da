/**
 * Elastic restarts under torchrun (gloo, 2 processes): one rank SIGKILLed after the first checkpoint,
 * torchrun (--max_restarts 1) restarts the worker group, which resumes from the checkpoint without a
 * flag (TORCHELASTIC_RESTART_COUNT), and the run ends with the uninterrupted run's weights, byte for
 * byte. And two "nodes" on this machine (--nnodes 2, c10d rendezvous on the loopback, one process
 * each) end as 2 processes on one node do.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { killMidRun } from '../helpers/kill.js';
import { runPython, torch } from './helpers.js';
import { buildScript, checkpointHeader, expectSameRun, runUntilKilled } from './checkpoint-helpers.js';

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

/** torchrun's arguments; torch 1.13 on Python 3.11 needs --redirects/--tee set. */
function torchrunArgs(port: number, extra: string[]): string[] {
  return ['-m', 'torch.distributed.run', '--redirects=1', '--tee=2', '--master_addr=127.0.0.1', `--master_port=${port}`, ...extra];
}

/** The worker processes torchrun started (its children), found through /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text !== '') children.push(...text.split(/\s+/).map(Number));
  }
  return children;
}

torch.describe('torchrun elastic restarts', () => {
  it('a rank SIGKILLed mid-run: the restarted group resumes and ends with the uninterrupted weights', { timeout: 600_000 }, async () => {
    const script = await buildScript('test/emit/fixtures/tiny_mlp.yaml', 'mlpc-elastic-');
    const runs = mkdtempSync(join(tmpdir(), 'mlpc-elastic-runs-'));
    const flags = ['--steps', '1500', '--eval-every', '50', '--checkpoint-every', '20'];
    const whole = await runPython([...torchrunArgs(await freePort(), ['--nnodes=1', '--nproc_per_node=2']), script, ...flags, '--out', join(runs, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    const out = join(runs, 'restarted');
    const args = [...torchrunArgs(await freePort(), ['--nnodes=1', '--nproc_per_node=2', '--max_restarts=1']), script, ...flags, '--out', out];
    const { stderr } = await killMidRun(
      (maxDelayMs) => {
        rmSync(out, { recursive: true, force: true });
        return runUntilKilled(args, () => checkpointHeader(out) !== null, maxDelayMs, (torchrunPid) => {
          const workers = childrenOf(torchrunPid);
          return workers[Math.floor(Math.random() * workers.length)] ?? null;
        }, { MLPC_QUIET: '0' });
      },
      1000,
      // The restarted group always finishes: only a kill that found no live rank is made again.
      () => false,
    );
    // torchrun saw the group fail (the killed rank, or its peer first: a reset connection), restarted
    // it, and the restarted group resumed from the checkpoint and finished.
    expect(stderr).toMatch(/failed \(exitcode: (-9|1)\) local_rank: \d/);
    expect(stderr).toMatch(/\[default0\]:tiny_mlp: resuming at step \d+ from .*state\.ckpt/);
    expect(stderr).not.toMatch(/ChildFailedError/);
    expectSameRun(join(runs, 'whole'), out);
  });

  it('two nodes on one machine (c10d rendezvous, one process each) end as two processes on one node', { timeout: 600_000 }, async () => {
    const script = await buildScript('test/emit/fixtures/tiny_mlp.yaml', 'mlpc-nodes-');
    const runs = mkdtempSync(join(tmpdir(), 'mlpc-nodes-runs-'));
    const flags = ['--steps', '60', '--eval-every', '10'];
    const one = await runPython([...torchrunArgs(await freePort(), ['--nnodes=1', '--nproc_per_node=2']), script, ...flags, '--out', join(runs, 'one')]);
    expect(one.status, one.stderr).toBe(0);
    const port = await freePort();
    const node = () =>
      runPython([
        '-m',
        'torch.distributed.run',
        '--redirects=1',
        '--tee=2',
        '--nnodes=2',
        '--nproc_per_node=1',
        '--rdzv_backend=c10d',
        `--rdzv_endpoint=127.0.0.1:${port}`,
        '--rdzv_id=mlpc-two-nodes',
        script,
        ...flags,
        '--out',
        join(runs, 'two'),
      ]);
    const [first, second] = await Promise.all([node(), node()]);
    expect(first.status, first.stderr).toBe(0);
    expect(second.status, second.stderr).toBe(0);
    expectSameRun(join(runs, 'one'), join(runs, 'two'));
  });
});
