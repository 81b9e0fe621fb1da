/**
 * What a new user of the PyTorch target runs into: a spec given by its absolute path, a folder with
 * a space in its name, a Python without torch, and where a run writes by default (never over the
 * TypeScript target's run).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMlpc, runProcess } from '../helpers/run-process.js';
import { python, readMetrics, torch } from './helpers.js';

/** A project: specs/points.yaml reading ../data/points.csv (relative to the spec, as specs say). */
function project(folderName = 'project'): { root: string; spec: string } {
  const root = join(mkdtempSync(join(tmpdir(), 'mlpc-py-user-')), folderName);
  mkdirSync(join(root, 'specs'), { recursive: true });
  mkdirSync(join(root, 'data'));
  const rows = ['a,b,y'];
  for (let i = 0; i < 60; i++) rows.push(`${((i * 37) % 60) / 30 - 1},${((i * 53) % 60) / 30 - 1},${i % 3 === 0 ? 1 : 0}`);
  writeFileSync(join(root, 'data', 'points.csv'), `${rows.join('\n')}\n`);
  const spec = join(root, 'specs', 'points.yaml');
  writeFileSync(
    spec,
    [
      'mlpc: 1',
      'name: points',
      'data: {source: csv, path: ../data/points.csv, label: y, classes: 2, train: 40, validation: 10, test: 10}',
      'model:',
      '  input: [2]',
      '  layers:',
      '    - {type: dense, name: hidden, units: 4, activation: relu}',
      '    - {type: dense, name: out, units: 2}',
      'training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 8, steps: 3, eval_every: 1, seed: 1}',
      '',
    ].join('\n'),
  );
  return { root, spec };
}

const quiet = { ...process.env, MLPC_QUIET: '1' };

torch.describe('the PyTorch target as a new user meets it', () => {
  it('mlpc train /abs/path/spec.yaml finds its csv beside the spec, from another working directory', { timeout: 240_000 }, async () => {
    const { root, spec } = project();
    // The working directory (this repository) is not the project: the csv is found from the spec.
    const out = join(root, 'run');
    const result = await runMlpc(['train', spec, '--target', 'pytorch', '--out', out], { env: quiet });
    expect(result.status, result.stderr).toBe(0);
    expect(readMetrics(out).at(-1)!.step).toBe(3);
  });

  it('by default a PyTorch run writes runs/<name>-pytorch, beside the TypeScript run\'s runs/<name>', { timeout: 240_000 }, async () => {
    const { root, spec } = project();
    const result = await runMlpc(['train', spec, '--target', 'pytorch', '--steps', '1'], { cwd: root, env: quiet });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(root, 'runs', 'points-pytorch', 'metrics.jsonl'))).toBe(true);
    expect(existsSync(join(root, 'runs', 'points'))).toBe(false);
  });

  it('a folder with a space: the header\'s run line, pasted into a shell, trains', { timeout: 240_000 }, async () => {
    const { root } = project('my project');
    const built = await runMlpc(['build', join(root, 'specs'), '--out', join(root, 'generated'), '--target', 'pytorch', '--no-lint']);
    expect(built.status, built.stderr).toBe(0);
    const script = readFileSync(join(root, 'generated', 'points.py'), 'utf8');
    const run = /^# Run: (python3 .+?) \[--steps N\]/m.exec(script);
    expect(run, script.slice(0, 1200)).not.toBeNull();
    expect(run![1]).toBe(`python3 '${join(root, 'generated', 'points.py')}'`);
    const out = join(root, 'run out');
    const command = `${run![1].replace(/^python3/, python)} --steps 2 --out '${out}'`;
    const result = await runProcess('sh', ['-c', command], { cwd: tmpdir(), env: quiet });
    expect(result.status, result.stderr).toBe(0);
    expect(readMetrics(out).at(-1)!.step).toBe(2);
  });

  it('python3 generated/x.py without torch: an install hint and exit 2, no traceback', { timeout: 240_000 }, async () => {
    // -S: no site-packages, where Debian's torch and numpy live; the runtime beside the script is found.
    const result = await runProcess(python, ['-S', 'generated/seed.py', '--steps', '1'], { env: quiet });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: this script needs PyTorch and numpy; .+ cannot import (numpy|torch)\./);
    expect(result.stderr).toContain('apt-get install --no-install-recommends python3-torch');
    expect(result.stderr).not.toContain('Traceback');
  });
});
