import { describe, expect, it } from 'vitest';
import { formatLintJson } from '../../src/compiler/diagnostics/formatters/json.js';
import { formatStylish } from '../../src/compiler/diagnostics/formatters/stylish.js';
import { compile, mutate } from './helpers.js';

const text = mutate('rate: 0.5', 'keep_prob: 0.5', mutate('batch_size: 32', 'batch_size: 0'));
const { diagnostics } = compile(text, 'specs/bad.yaml');

describe('formatters', () => {
  it('stylish: path:line:col severity message [code], a code frame, hint and fix, then a summary', () => {
    const output = formatStylish(diagnostics, new Map([['specs/bad.yaml', text]]), { color: false });
    expect(output).toBe(
      [
        'specs/bad.yaml:12:23 error layer 2 (dropout): keep_prob is not supported; write the drop probability as rate (rate: 0.5) [keep-prob]',
        '      11 |     - {type: dense, name: hidden, units: 32, activation: relu}',
        '    > 12 |     - {type: dropout, keep_prob: 0.5}',
        '         |                       ^^^^^^^^^',
        '      13 |     - {type: dense, name: out, units: 10}',
        '    hint: rate = 1 - keep_prob (TF1 keep_prob is the probability of keeping a unit; rate is the probability of dropping it)',
        '    fix (mlpc lint --fix): Replace keep_prob: 0.5 with rate: 0.5',
        '',
        'specs/bad.yaml:19:15 error training.batch_size must be at least 1, got 0 [schema-range]',
        '      18 |   optimizer: {type: sgd, learning_rate: 0.1}',
        '    > 19 |   batch_size: 0',
        '         |               ^',
        '      20 |   steps: 10',
        '',
        '✖ 2 problems (2 errors, 0 warnings)',
        '  1 problem fixable with `mlpc lint --fix`',
        '',
      ].join('\n'),
    );
  });

  it('stylish with color wraps severities in ANSI codes', () => {
    expect(formatStylish(diagnostics, new Map(), { color: true })).toContain('\u001b[31merror\u001b[0m');
  });

  it('stylish prints nothing for no diagnostics', () => {
    expect(formatStylish([], new Map(), { color: false })).toBe('');
  });

  it('json: ESLint\'s shape, one entry per file with flat, sorted messages and counts', () => {
    const [file, ...others] = JSON.parse(formatLintJson([...diagnostics].reverse(), ['specs/bad.yaml', 'specs/clean.yaml']));
    expect(file.filePath).toBe('specs/bad.yaml');
    expect(file.messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['keep-prob', 'schema-range']);
    expect(file.messages[1]).toMatchObject({ severity: 'error', line: 19, column: 15, message: diagnostics[1].message });
    expect(file).toMatchObject({ errorCount: 2, warningCount: 0, infoCount: 0 });
    expect(others).toEqual([{ filePath: 'specs/clean.yaml', messages: [], errorCount: 0, warningCount: 0, infoCount: 0, fixableCount: 0 }]);
  });
});
