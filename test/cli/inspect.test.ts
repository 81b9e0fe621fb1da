/** `mlpc inspect`, `mlpc schema`, `mlpc init` through the real binary (run `npm run build:ts` first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve('bin/mlpc.js');
const mlpc = (args: string[], cwd = process.cwd()) => spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });

describe('mlpc inspect', () => {
  it('prints a model summary with regularizers, constraints and dropout', () => {
    const result = mlpc(['inspect', 'specs/seed_corrected.yaml']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Model: "seed_corrected"');
    expect(result.stdout).toMatch(/Layer \(type\)\s+Output Shape\s+Param #\s+Regularizers\s+Constraints\s+Dropout/);
    expect(lines.find((line) => line.startsWith(' hidden (dense, relu)'))).toMatch(/\(None, 1024\)\s+803,840\s+kernel l2 0\.0005\s+kernel max_norm 3/);
    expect(lines.find((line) => line.startsWith(' dropout_1 (dropout)'))).toMatch(/\(None, 1024\)\s+0\s+0\.5$/);
    expect(result.stdout).toContain('Total params: 814,090');
    expect(result.stdout).toContain('Trainable params: 814,090');
    expect(result.stdout).toContain('Non-trainable params: 0');
    expect(result.stdout).toContain(`Penalized params: ${(784 * 1024 + 10240).toLocaleString('en-US')}`);
  });

  it('a tagger: the [steps, classes] output, the label columns and the loss at every position', () => {
    const result = mlpc(['inspect', 'test/pytorch/fixtures/xt_tagger.yaml']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/head \(conv1d\)\s+\(None, 8, 3\)/);
    expect(result.stdout).toContain('Data: csv, 3 classes per position, label columns t0, t1, t2, t3, t4, t5, t6, t7, train 96 / validation 16 / test 16');
    expect(result.stdout).toContain('Target: one class per position (8 positions, the csv label columns); loss: softmax cross-entropy at every position, the mean over batch × positions; metric: accuracy over positions');
  });

  it('--json prints the IR', () => {
    const result = mlpc(['inspect', 'specs/conv_bn.yaml', '--json']);
    expect(result.status).toBe(0);
    const ir = JSON.parse(result.stdout);
    expect(ir).toMatchObject({ irVersion: 1, name: 'conv_bn', totals: { nonTrainable: 16 } });
  });

  it('an invalid spec: stylish diagnostics with file:line:col and a code frame on stderr, exit 2, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-inspect-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync('specs/seed.yaml', 'utf8').replace('rate: 0.5}', 'rate: 1.5}'));
    const result = mlpc(['inspect', file]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}:22:29 error layer 2 (dropout): rate must be below 1, got 1.5 [schema-range]`);
    expect(result.stderr).toContain('> 22 |     - {type: dropout, rate: 1.5}');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing file is exit 2', () => {
    const result = mlpc(['inspect', 'specs/no_such_spec.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('specs/no_such_spec.yaml');
  });

  it('a missing argument is a usage error', () => {
    expect(mlpc(['inspect']).status).toBe(2);
  });

  it.each(['inspect', 'schema', 'init'])('%s --help', (command) => {
    const result = mlpc([command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Usage: mlpc ${command}`);
  });
});

describe('mlpc schema', () => {
  it('prints the shipped JSON Schema', () => {
    const result = mlpc(['schema']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync('schema/mlpc.schema.json', 'utf8'));
    expect(JSON.parse(result.stdout).$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('--path prints where it is', () => {
    expect(mlpc(['schema', '--path']).stdout.trim()).toBe(resolve('schema/mlpc.schema.json'));
  });
});

describe('mlpc init', () => {
  it('writes a commented starter spec that compiles, and refuses to overwrite it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-init-'));
    const first = mlpc(['init', 'my_mlp'], dir);
    expect(first.status).toBe(0);
    const file = join(dir, 'specs', 'my_mlp.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('name: my_mlp');
    expect(text.split('\n').filter((line) => line.includes('#')).length).toBeGreaterThan(10);
    const inspected = mlpc(['inspect', 'specs/my_mlp.yaml'], dir);
    expect(inspected.stderr).toBe('');
    expect(inspected.status).toBe(0);
    writeFileSync(file, 'mine');
    const second = mlpc(['init', 'my_mlp'], dir);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it.each(['../evil', 'My Spec', 'a`b', '1abc', ''])('rejects the name %j and writes nothing', (name) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-init-'));
    const result = mlpc(['init', name], dir);
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'specs'))).toBe(false);
  });
});
