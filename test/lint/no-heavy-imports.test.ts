import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mlpc, ROOT } from './cli-helpers.js';

const PRELOAD = ['--import', './test/lint/fixtures/forbid-heavy-imports.mjs'];

describe('mlpc lint stays light', () => {
  it('the preload catches ts-morph and TensorFlow.js, by import and by require (positive control)', () => {
    const imported = spawnSync('node', [...PRELOAD, '--input-type=module', '-e', "await import('ts-morph')"], { cwd: ROOT, encoding: 'utf8' });
    expect(imported.status).not.toBe(0);
    expect(imported.stderr).toContain('forbidden heavy import');
    const required = spawnSync('node', [...PRELOAD, '-e', "require('@tensorflow/tfjs')"], { cwd: ROOT, encoding: 'utf8' });
    expect(required.status).toBe(99);
  });

  it('linting every shipped spec, in every format and with --fix, loads neither ts-morph nor @tensorflow/*', () => {
    for (const args of [['lint'], ['lint', '--format', 'sarif'], ['lint', '--format', 'json'], ['explain', 'init-scale']]) {
      const run = mlpc(args, { nodeArgs: PRELOAD });
      expect(run.stderr, args.join(' ')).not.toContain('forbidden heavy import');
      expect([0, 1], args.join(' ')).toContain(run.status);
    }
  });
});
