/**
 * Bad schedules and optimizers: exit 2, one diagnostic at the offending YAML line, nothing written;
 * a schedule's two spellings ({type: ...} and the older {schedule: ...}) mean the same IR.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';

function spec(optimizer: string): string {
  return [
    'mlpc: 1',
    'name: sched',
    'data: {source: synthetic, examples: 64, features: 4, classes: 2, train: 32, validation: 16, test: 16}',
    'model:',
    '  input: [4]',
    '  layers:',
    '    - {type: dense, units: 2}',
    'training:',
    '  loss: softmax_cross_entropy',
    '  optimizer:',
    ...optimizer.split('\n').map((line) => `    ${line}`),
    '  steps: 10',
    '',
  ].join('\n');
}

async function build(optimizer: string): Promise<{ status: number | null; stderr: string; file: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpc-sched-'));
  const file = join(dir, 'sched.yaml');
  writeFileSync(file, spec(optimizer));
  const out = join(dir, 'out');
  const result = await runMlpc(['build', file, '--out', out, '--target', 'typescript,pytorch']);
  return { status: result.status, stderr: result.stderr, file, out };
}

const cases = [
  { name: 'unknown schedule name (type spelling): no spurious missing fields', optimizer: 'type: sgd\nlearning_rate: {type: step_decay, initial: 0.1}', line: 12, message: 'unknown schedule "step_decay"' },
  { name: 'unknown schedule name (old spelling)', optimizer: 'type: sgd\nlearning_rate: {schedule: cosine, initial: 0.1}', line: 12, message: 'unknown schedule "cosine"' },
  { name: 'piecewise_constant with too few values', optimizer: 'type: sgd\nlearning_rate: {type: piecewise_constant, boundaries: [5, 9], values: [0.1, 0.01]}', line: 12, message: 'one value more than boundaries: 2 boundaries, 2 values' },
  { name: 'piecewise_constant boundaries out of order', optimizer: 'type: sgd\nlearning_rate:\n  type: piecewise_constant\n  boundaries: [9, 5]\n  values: [0.1, 0.01, 0.001]', line: 14, message: 'boundaries must increase: 5 follows 9' },
  { name: 'inverse_time_decay missing decay_rate', optimizer: 'type: adam\nlearning_rate: {type: inverse_time_decay, initial: 0.1}', line: 12, message: 'missing the required field decay_rate' },
  { name: 'unknown key in a schedule', optimizer: 'type: adam\nlearning_rate: {type: inverse_time_decay, initial: 0.1, decay_rate: 1, gamma: 2}', line: 12, message: 'unknown key "gamma"' },
  { name: 'momentum ramp above 1', optimizer: 'type: sgd\nmomentum: {type: linear_ramp, initial: 0.5, final: 1.5, ramp_steps: 10}', line: 12, message: 'must be below 1' },
  { name: 'adadelta rho out of range', optimizer: 'type: adadelta\nrho: 1.2', line: 12, message: 'must be below 1' },
];

describe('schedule and optimizer errors', () => {
  it.each(cases)('$name: exit 2 at line $line', { timeout: 60_000 }, async ({ optimizer, line, message }) => {
    const result = await build(optimizer);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${result.file}:${line}:`);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('✖ 1 problem');
    expect(result.stderr).not.toContain('    at ');
    expect(existsSync(result.out)).toBe(false);
  });

  it('both spellings of a schedule give the same script', { timeout: 240_000 }, async () => {
    const [typed, older] = await Promise.all([
      build('type: sgd\nlearning_rate: {type: piecewise_constant, boundaries: [5], values: [0.1, 0.01]}'),
      build('type: sgd\nlearning_rate: {schedule: piecewise_constant, boundaries: [5], values: [0.1, 0.01]}'),
    ]);
    expect(typed.status, typed.stderr).toBe(0);
    expect(older.status, older.stderr).toBe(0);
    // The same text but for the stamp (the spec's hash) and the spec path.
    const body = (out: string, file: string) => readFileSync(join(out, file), 'utf8').split('\n').filter((line) => !line.includes('mlpc-stamp') && !line.includes('sched.yaml') && !line.includes('mlpc-sched-'));
    for (const file of ['sched.ts', 'sched.py']) expect(body(typed.out, file)).toEqual(body(older.out, file));
    expect(readFileSync(join(typed.out, 'sched.ts'), 'utf8')).toContain('piecewiseConstant(iteration, [5], [0.1, 0.01])');
  });
});
