/**
 * `mlpc build --single-file`: each model file carries the runtime inlined (no mlpc-runtime.ts), imports
 * only tfjs and Node built-ins, type-checks under --strict and trains on one thread and two workers,
 * from another working directory.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { readRecords, temporaryDir } from './helpers.js';

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('mlpc build --single-file', { timeout: 240_000 }, () => {
  it('writes self-contained model files that type-check and train', async () => {
    const root = temporaryDir('single-file');
    const specs = join(root, 'specs');
    const out = join(root, 'generated');
    mkdirSync(specs);
    for (const name of ['tiny_mlp.yaml', 'colliding_names.yaml']) copyFileSync(join('test/emit/fixtures', name), join(specs, name));
    const build = await runMlpc(['build', specs, '--out', out, '--single-file', '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['colliding_names.ts', 'tiny_mlp.ts']);
    expect((await runMlpc(['build', specs, '--out', out, '--single-file', '--check', '--no-lint'])).status).toBe(0);
    for (const name of ['colliding_names.ts', 'tiny_mlp.ts']) {
      const text = readFileSync(join(out, name), 'utf8');
      const imports = [...text.matchAll(/^import [^;]*? from '([^']+)';/gm)].map((match) => match[1]);
      for (const specifier of imports) expect(specifier).toMatch(/^(@tensorflow\/tfjs|node:[a-z_/]+)$/);
      expect(text).not.toMatch(/^\s*export /m);
      expect(text).toContain('\nfunction runModelScript<');
    }

    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'tsconfig.json'), `${JSON.stringify({ extends: resolve('test/emit/tsconfig.generated.json'), include: ['generated/*.ts'] })}\n`);
    const tsc = await runProcess(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(root, 'tsconfig.json')]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const cwd = temporaryDir('single-file-cwd');
    for (const workers of ['1', '2']) {
      const runOut = join(cwd, `run-${workers}`);
      const run = await runProcess(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), join(out, 'tiny_mlp.ts'), '--steps', '4', '--eval-every', '2', '--backend', 'wasm', '--workers', workers, '--out', runOut], {
        cwd,
        env: { ...process.env, MLPC_QUIET: '1' },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(readRecords(runOut).map((record) => record.step)).toEqual([0, 2, 3, 4]);
    }
  });
});
