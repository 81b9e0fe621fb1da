/**
 * `mlpc explain | head`: a reader that closes the pipe early must not turn into an EPIPE stack trace.
 * The child's stdout is a pipe whose reading end is closed before mlpc writes (Node's start-up alone
 * takes far longer than closing it), so every write mlpc makes meets a closed pipe.
 */
import { spawn } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../lint/cli-helpers.js';

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('node', [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('stdout closed by the reader', () => {
  it('mlpc explain RULE ends quietly with exit 0', async () => {
    const { code, stderr } = await runWithClosedStdout(['explain', 'no-bias-regularization']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('mlpc explain (the list, one write per rule) ends quietly with exit 0', async () => {
    const { code, stderr } = await runWithClosedStdout(['explain']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('mlpc lint keeps its usual exit code (1 on the seed spec) and prints no stack', async () => {
    const { code, stderr } = await runWithClosedStdout(['lint', 'specs/seed.yaml', 'test/lint/real-world']);
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(spawnSync('node', [BIN, 'lint', 'specs/seed.yaml', 'test/lint/real-world'], { cwd: ROOT }).status);
  });

  it('in a shell pipeline into head', () => {
    const run = spawnSync('sh', ['-c', `node ${JSON.stringify(BIN)} explain init-scale | head -n 1`], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout).toBe('init-scale\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
