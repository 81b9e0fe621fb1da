import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/compiler/diagnostics/formatters/github.js';

describe('--format github', () => {
  it('prints one workflow command per finding, escaping what the runner would misread', () => {
    const out = formatGithub([
      {
        code: 'no-bias-regularization',
        severity: 'warning',
        message: 'rule 2 puts l2 on biases: 100% wasted',
        hint: 'select kernels, e.g. "*.kernel"',
        location: { file: 'specs/a,b.yaml', line: 32, column: 5, endLine: 32, endColumn: 35, start: 0, end: 30 },
      },
      { code: 'dropout-without-max-norm', severity: 'info', message: 'advice', location: { file: 's.yaml', line: 1, column: 1, endLine: 3, endColumn: 2, start: 0, end: 9 } },
      { code: 'unreadable-file', severity: 'error', message: 'no such file' },
    ]);
    expect(out.split('\n')).toEqual([
      '::warning file=specs/a%2Cb.yaml,line=32,col=5,endColumn=35,title=mlpc no-bias-regularization::rule 2 puts l2 on biases: 100%25 wasted%0Aselect kernels, e.g. "*.kernel"',
      '::notice file=s.yaml,line=1,col=1,endLine=3,title=mlpc dropout-without-max-norm::advice',
      '::error title=mlpc unreadable-file::no such file',
      '',
    ]);
  });
});
