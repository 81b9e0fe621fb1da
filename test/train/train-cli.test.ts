/** `mlpc train` and the generated scripts' own error handling: user errors exit 2 with no stack. */
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords, temporaryDir } from '../emit/helpers.js';

function mlpc(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/mlpc.js', ...args], { env: { ...process.env, MLPC_QUIET: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const stackTraceLine = /^\s+at .+:\d+:\d+\)?$/m;

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('mlpc train', { timeout: 240_000 }, () => {
  it('trains a spec and writes metrics and the model to --out', async () => {
    const out = temporaryDir('train');
    const result = await mlpc('train', 'test/emit/fixtures/tiny_mlp.yaml', '--steps', '3', '--backend', 'wasm', '--out', out);
    expect(result.status, result.stderr).toBe(0);
    const records = readRecords(out);
    expect(records.map((record) => record.step)).toEqual([0, 2, 3]);
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).format).toBe('layers-model');
  });

  it('without --target, trains with the first target of the nearest mlpc.config.yaml', async () => {
    const dir = temporaryDir('train-config-target');
    const spec = join(dir, 'tiny.yaml');
    copyFileSync('test/emit/fixtures/tiny_mlp.yaml', spec);
    writeFileSync(join(dir, 'mlpc.config.yaml'), 'targets: [pytorch, typescript]\n');
    // The TypeScript target's flag is refused before anything runs: the config chose PyTorch.
    const refused = await mlpc('train', spec, '--workers', '2', '--out', join(dir, 'run'));
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('--workers is a flag of --target typescript');
    writeFileSync(join(dir, 'mlpc.config.yaml'), 'targets: [typescript, pytorch]\n');
    const trained = await mlpc('train', spec, '--workers', '1', '--steps', '1', '--backend', 'wasm', '--out', join(dir, 'run'));
    expect(trained.status, trained.stderr).toBe(0);
  });

  it('an invalid spec: diagnostic, exit 2, nothing run', async () => {
    const dir = temporaryDir('train-invalid');
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, readFileSync('test/emit/fixtures/tiny_mlp.yaml', 'utf8').replace('units: 16', 'units: -16'));
    const result = await mlpc('train', spec, '--out', join(dir, 'run'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(result.stderr).not.toMatch(stackTraceLine);
  });

  it.each([
    [['--backend', 'gpu'], '--backend'],
    [['--steps', 'many'], '--steps'],
    [['--eval-every', '0'], '--eval-every'],
  ])('bad flag %j: exit 2 naming the flag', async (flags, named) => {
    const result = await mlpc('train', 'test/emit/fixtures/tiny_mlp.yaml', ...flags);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stderr).not.toMatch(stackTraceLine);
  });

  it('a missing data file: the script names it, exits 2, no stack', async () => {
    const dir = temporaryDir('train-data');
    const spec = join(dir, 'csv_missing.yaml');
    const missing = join(dir, 'no-such-data.csv');
    writeFileSync(
      spec,
      [
        'mlpc: 1',
        'name: csv_missing',
        `data: {source: csv, path: ${JSON.stringify(missing)}, label: y, classes: 2, train: 8, validation: 0, test: 2}`,
        'model:',
        '  input: [3]',
        '  layers:',
        '    - {type: dense, name: out, units: 2}',
        'training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 4, steps: 2, eval_every: 1, seed: 1}',
        '',
      ].join('\n'),
    );
    const result = await mlpc('train', spec, '--backend', 'wasm', '--out', join(dir, 'run'));
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('no-such-data.csv');
    expect(result.stderr).not.toMatch(stackTraceLine);
  });

  it('a generated script rejects a bad flag itself: exit 2, usage, no stack', async () => {
    const dir = temporaryDir('script-flags');
    copyFileSync('test/emit/fixtures/tiny_mlp.yaml', join(dir, 'tiny_mlp.yaml'));
    const { prepareRunnableScript } = await import('../../src/targets/typescript/prepare-script.js');
    const { runScript } = await import('../../src/train/run-script.js');
    const { compileFixture } = await import('../emit/helpers.js');
    const script = prepareRunnableScript(compileFixture('tiny_mlp.yaml'));
    const run = await runScript(script, ['--stepz', '3'], { inheritOutput: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('unknown flag --stepz');
    expect(run.stderr).not.toMatch(stackTraceLine);
  });
});
