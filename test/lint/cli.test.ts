import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainText } from '../../src/compiler/lint/rule-docs.js';
import { rules } from '../../src/compiler/lint/rules/index.js';
import { mlpc, temporaryDirectory } from './cli-helpers.js';
import { spec } from './rule-tester.js';

function specFile(text: string): string {
  const file = path.join(temporaryDirectory(), 'spec.yaml');
  writeFileSync(file, text);
  return file;
}

describe('mlpc lint exit codes', () => {
  it('0 for warnings and infos only (the shipped seed), stylish grouped with line:col severity message rule', () => {
    const run = mlpc(['lint', 'specs/seed.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('specs/seed.yaml:32:5 warning regularization rule 2 (params: "*.bias") puts l2 0.0005 on 2 biases hidden.bias, out.bias [no-bias-regularization]');
  });

  it('1 with more warnings than --max-warnings', () => {
    const run = mlpc(['lint', '--max-warnings', '0', 'specs/seed.yaml']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('too many warnings');
    expect(mlpc(['lint', '--max-warnings', '10', 'specs/seed.yaml']).status).toBe(0);
  });

  it('1 for a lint error, with a code frame', () => {
    const run = mlpc(['lint', specFile(spec('model:\n  input: [8]\n  layers:\n    - {type: dense, name: out, units: 3, activation: softmax}\n'))]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/spec\.yaml:8:54 error out has activation softmax/);
    expect(run.stdout).toContain('> 8 |');
  });

  it('2 for an invalid spec, reported with its diagnostics and no stack trace', () => {
    const run = mlpc(['lint', specFile(spec('model:\n  input: [8]\n  layers:\n    - {type: dense, units: -3}\n'))]);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/spec\.yaml:8:\d+ error/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('2 for a missing path or a bad option', () => {
    expect(mlpc(['lint', 'no/such/spec.yaml']).status).toBe(2);
    expect(mlpc(['lint', '--format', 'xml', 'specs/seed.yaml']).status).toBe(2);
    expect(mlpc(['lint', '--max-warnings', 'many', 'specs/seed.yaml']).status).toBe(2);
    const empty = mlpc(['lint', temporaryDirectory()]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('no spec files');
  });

  it('--format json: ESLint-shaped per file, messages with ruleId, severity, message, messageId, line, column, endLine, endColumn, fix', () => {
    const run = mlpc(['lint', '--format', 'json', 'specs/seed.yaml', 'specs/seed_corrected.yaml']);
    const files = JSON.parse(run.stdout) as { filePath: string; warningCount: number; messages: Record<string, unknown>[] }[];
    expect(files.map((f) => f.filePath)).toEqual(['specs/seed.yaml', 'specs/seed_corrected.yaml']);
    const bias = files[0]!.messages.find((m) => m.ruleId === 'no-bias-regularization')!;
    expect(bias).toMatchObject({ severity: 'warning', messageId: 'penalty', line: 32, column: 5, endLine: 32, endColumn: 35 });
    expect(bias.fix).toMatchObject({ safe: true, edits: [{ text: '' }] });
    expect(files[0]!.warningCount).toBe(4);
    expect(files[1]!.warningCount).toBe(0);
  });

  it('--format github prints workflow annotations', () => {
    const run = mlpc(['lint', '--format', 'github', 'specs/seed.yaml']);
    expect(run.stdout).toContain('::warning file=specs/seed.yaml,line=32,col=5,endColumn=35,title=mlpc no-bias-regularization::');
  });
});

describe('mlpc explain', () => {
  it('has docs in Ruff\'s sections for every rule', () => {
    for (const rule of rules) {
      const text = explainText(rule);
      for (const section of ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'Fix safety', 'References']) {
        expect(text, `${rule.id}: ${section}`).toContain(`\n${section}\n`);
      }
    }
  });

  it('prints a rule\'s docs', () => {
    const run = mlpc(['explain', 'regularization-dominates-loss']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(explainText(rules.find((rule) => rule.id === 'regularization-dominates-loss')!));
    expect(run.stdout).toContain('E[w²] = mean² + stddev²');
  });

  it('lists the rules without an argument, and refuses an unknown rule with a suggestion (exit 2)', () => {
    expect(mlpc(['explain']).stdout.split('\n').filter(Boolean)).toHaveLength(rules.length);
    const run = mlpc(['explain', 'no-bias-regularisation']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('did you mean no-bias-regularization?');
  });
});
