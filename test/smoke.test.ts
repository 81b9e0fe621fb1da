import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const mlpc = (args: string[]) => spawnSync('node', ['bin/mlpc.js', ...args], { encoding: 'utf8' });

describe('mlpc CLI', () => {
  it('prints help with exit code 0', () => {
    const result = mlpc(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: mlpc');
  });
  it('rejects an unknown command with exit code 2', () => {
    const result = mlpc(['no-such-command']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-command'");
  });
});
