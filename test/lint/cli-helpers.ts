import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/mlpc.js');

/** Runs the built CLI (`npm test` builds dist first). */
export function mlpc(args: string[], options: { cwd?: string; nodeArgs?: string[] } = {}) {
  return spawnSync('node', [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

export function temporaryDirectory(): string {
  return mkdtempSync(path.join(tmpdir(), 'mlpc-lint-'));
}
