import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { fixSpecText } from '../../src/compiler/lint/fix-file.js';
import { lintSpecText } from '../../src/compiler/lint/lint-spec.js';
import { mlpc, ROOT, temporaryDirectory } from './cli-helpers.js';
import { spec } from './rule-tester.js';

const seed = readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8');
const codes = (file: string, text: string) => lintSpecText(file, text, DEFAULT_LINT_CONFIG).diagnostics.map((d) => d.code);

describe('lint → fix → lint', () => {
  it('seed.yaml: the *.bias rule line goes, every other byte stays', () => {
    expect(codes('seed.yaml', seed)).toContain('no-bias-regularization');
    const { text, applied, result } = fixSpecText('seed.yaml', seed, DEFAULT_LINT_CONFIG);
    expect(applied).toBe(1);
    expect(text).toBe(seed.replace('  - {params: "*.bias", l2: 0.0005}\n', ''));
    expect(result.invalid).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).not.toContain('no-bias-regularization');
    // The findings without a safe fix remain.
    expect(result.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['init-scale', 'regularization-dominates-loss']));
  });

  it('keep_prob (the front end\'s error) is rewritten as rate, making the spec valid', () => {
    const before = spec('model:\n  input: [8]\n  layers:\n    - {type: dense, units: 16, activation: relu}\n    - {type: dropout, keep_prob: 0.8}  # TF1\n    - {type: dense, units: 3}\n');
    expect(lintSpecText('s.yaml', before, DEFAULT_LINT_CONFIG).invalid).toBe(true);
    const { text, result } = fixSpecText('s.yaml', before, DEFAULT_LINT_CONFIG);
    expect(text).toBe(before.replace('keep_prob: 0.8', 'rate: 0.2'));
    expect(result.invalid).toBe(false);
  });

  it('fixes of several rules in one file converge (softmax removed, *.bias and "*" narrowed)', () => {
    const before = spec(
      'model:\n  input: [8]\n  layers:\n    - {type: dense, name: h, units: 16, activation: relu}\n    - {type: dense, name: out, units: 3, activation: softmax}\nregularization:\n  - {params: "*", l2: 0.001}\n  - {params: "h.bias", l1: 0.001}\n',
    );
    const { text, result } = fixSpecText('s.yaml', before, DEFAULT_LINT_CONFIG);
    expect(text).toBe(
      spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: h, units: 16, activation: relu}\n    - {type: dense, name: out, units: 3}\nregularization:\n  - {params: "*.kernel", l2: 0.001}\n'),
    );
    expect(result.diagnostics.filter((d) => d.fix?.safe)).toEqual([]);
  });
});

describe('mlpc lint --fix', () => {
  it('rewrites the file in place, atomically (no temporary file left), and the re-lint is clean of the fixed rule', () => {
    const dir = temporaryDirectory();
    const file = path.join(dir, 'seed.yaml');
    writeFileSync(file, seed);
    const run = mlpc(['lint', '--fix', '--format', 'json', file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(seed.replace('  - {params: "*.bias", l2: 0.0005}\n', ''));
    expect(readdirSync(dir)).toEqual(['seed.yaml']);
    const ruleIds = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(ruleIds).not.toContain('no-bias-regularization');
    expect(ruleIds).toContain('init-scale');
  });

  it('--fix-dry-run reports the fixed state and writes nothing', () => {
    const dir = temporaryDirectory();
    const file = path.join(dir, 'seed.yaml');
    writeFileSync(file, seed);
    const run = mlpc(['lint', '--fix-dry-run', '--format', 'json', file]);
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(seed);
    const ruleIds = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(ruleIds).not.toContain('no-bias-regularization');
  });

  it('leaves a file with nothing to fix untouched', () => {
    const dir = temporaryDirectory();
    const file = path.join(dir, 'corrected.yaml');
    const text = readFileSync(path.join(ROOT, 'specs/seed_corrected.yaml'), 'utf8');
    writeFileSync(file, text);
    expect(mlpc(['lint', '--fix', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
