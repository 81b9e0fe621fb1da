/**
 * idx and csv paths in a spec are relative to the spec file, not to the working directory of the
 * run: `mlpc train` and the built model file find them from anywhere; a missing one is named.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { prepareRunnableScript } from '../../src/targets/typescript/prepare-script.js';
import { compileText, readRecords, temporaryDir } from './helpers.js';

const stackTraceLine = /\n\s+at .+:\d+:\d+/;

/** A study folder: specs/points.yaml reading ../data/points.csv. */
function studyFolder(csvPath = '../data/points.csv'): string {
  const root = temporaryDir('data-paths');
  mkdirSync(join(root, 'specs'));
  mkdirSync(join(root, 'data'));
  const rows = ['a,b,y'];
  for (let i = 0; i < 60; i++) rows.push(`${((i * 37) % 60) / 30 - 1},${((i * 53) % 60) / 30 - 1},${i % 3 === 0 ? 1 : 0}`);
  writeFileSync(join(root, 'data', 'points.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    join(root, 'specs', 'points.yaml'),
    [
      'mlpc: 1',
      'name: points',
      `data: {source: csv, path: ${csvPath}, label: y, classes: 2, train: 40, validation: 10, test: 10}`,
      'model:',
      '  input: [2]',
      '  layers:',
      '    - {type: dense, name: hidden, units: 4, activation: relu}',
      '    - {type: dense, name: out, units: 2}',
      'training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 8, steps: 3, eval_every: 1, seed: 1}',
      '',
    ].join('\n'),
  );
  return root;
}

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('data paths resolve against the spec file', { timeout: 240_000 }, () => {
  it('mlpc train finds ../data/points.csv beside specs/ from the project folder', async () => {
    const root = studyFolder();
    const out = join(root, 'run');
    const result = await runMlpc(['train', join(root, 'specs', 'points.yaml'), '--backend', 'wasm', '--out', out], { env: { ...process.env, MLPC_QUIET: '1' } });
    expect(result.status, result.stderr).toBe(0);
    expect(readRecords(out).at(-1)!.step).toBe(3);
  });

  it("mlpc train's cached script names it absolutely (its cache folder may be reached through a symlink)", () => {
    const root = studyFolder();
    const file = join(root, 'specs', 'points.yaml');
    const script = readFileSync(prepareRunnableScript(compileText(file, readFileSync(file, 'utf8'))), 'utf8');
    expect(script).toContain(`path: '${join(root, 'data', 'points.csv')}'`);
  });

  it('the built model file finds it from any working directory', async () => {
    const root = studyFolder();
    const build = await runMlpc(['build', join(root, 'specs'), '--out', join(root, 'generated'), '--no-lint']);
    expect(build.status, build.stderr).toBe(0);
    // An ES module folder that resolves this repository's packages.
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const elsewhere = temporaryDir('data-paths-cwd');
    const out = join(elsewhere, 'run');
    const run = await runProcess(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), join(root, 'generated', 'points.ts'), '--backend', 'wasm', '--out', out], {
      cwd: elsewhere,
      env: { ...process.env, MLPC_QUIET: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readRecords(out).at(-1)!.step).toBe(3);
  });

  it('a missing file is named where the spec puts it, exit 2, no stack', async () => {
    const root = studyFolder('../data/missing.csv');
    const result = await runMlpc(['train', join(root, 'specs', 'points.yaml'), '--backend', 'wasm', '--out', join(root, 'run')]);
    expect(result.status).toBe(2);
    // mlpc train checks data files before running: the error stands at the spec line, naming the resolved path.
    expect(result.stderr).toContain(`specs/points.yaml:3:27 error data.path: no file ../data/missing.csv (resolved against the spec's folder: ${join(root, 'data', 'missing.csv')})`);
    expect(result.stderr).not.toMatch(stackTraceLine);
  });
});
