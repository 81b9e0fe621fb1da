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

  it('renders a finding from its message template and keeps the messageId; an unknown id or a missing value is a bug in the rule', () => {
    const { ir, source } = compileSpecText('seed.yaml', readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8'));
    const at = source!.locateRange(0, 0);
    const rule = (messageId: string, data: Record<string, string | number>): Rule => ({
      ...noBiasRegularization,
      id: `probe-${messageId}`,
      messages: { said: 'layer {{layer}} has {{count}} units' },
      check: ({ report }) => report({ messageId, data, location: at }),
    });
    const [ok] = runRules([rule('said', { layer: 'hidden', count: 1024 })], ir!, source!);
    expect(ok).toMatchObject({ code: 'probe-said', messageId: 'said', message: 'layer hidden has 1024 units' });
    const [unknown] = runRules([rule('other', {})], ir!, source!);
    expect(unknown).toMatchObject({ code: 'internal-error', message: expect.stringContaining('reported messageId other, which is not in its messages') });
    const [missing] = runRules([rule('said', { layer: 'hidden' })], ir!, source!);
    expect(missing).toMatchObject({ code: 'internal-error', message: expect.stringContaining('needs {{count}}') });
  });
});
