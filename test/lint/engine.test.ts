import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { runRules } from '../../src/compiler/lint/engine.js';
import type { Rule } from '../../src/compiler/lint/rule.js';
import { noBiasRegularization } from '../../src/compiler/lint/rules/no-bias-regularization.js';
import { ROOT } from './cli-helpers.js';

describe('rule engine', () => {
  it('a rule that throws becomes an internal error naming it, and the other rules still run', () => {
    const { ir, source } = compileSpecText('seed.yaml', readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8'));
    const broken: Rule = { ...noBiasRegularization, id: 'broken-rule', check: () => { throw new Error('boom'); } };
    const diagnostics = runRules([broken, noBiasRegularization], ir!, source!);
    expect(diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['internal-error error', 'no-bias-regularization warning']);
    expect(diagnostics[0]!.message).toContain('lint rule broken-rule crashed: boom');
  });
});
